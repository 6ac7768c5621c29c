/**
 * The QR sequence's errors (PROTOCOL-qr §4). All carry the stable code `qr.error`; the message
 * says which case it is and what to do next.
 *
 * @module
 */

import { PlicoError } from "../errors.ts";

/** A code that is not a Plico part at all (another QR code that came into view). */
export function foreignCode(): PlicoError {
  return new PlicoError(
    "qr.error",
    "not a Plico QR code: this code is not part of a sequence shown by Plico",
  );
}

/** A Plico part of a framing version this program does not know. */
export function unsupportedVersion(version: number): PlicoError {
  return new PlicoError(
    "qr.error",
    `QR part of framing version ${version}, which this Plico cannot read: update Plico`,
  );
}

/** A part whose checksum or fields are wrong: misread, or not made by Plico. */
export function damagedPart(why: string): PlicoError {
  return new PlicoError("qr.error", `damaged QR part (${why}): show and scan that code again`);
}

/** A well-formed part that belongs to another sequence than the one being collected. */
export function otherSequence(): PlicoError {
  return new PlicoError(
    "qr.error",
    "this QR code belongs to another sequence: every showing of a file is a new sequence, " +
      "so use only the codes (or images) of one showing",
  );
}

/** No part was read at all. */
export function nothingRead(): PlicoError {
  return new PlicoError("qr.error", "no Plico QR code was read: show the codes and scan them");
}

/** The sequence is not complete yet; `missing` are 1-based part numbers, as people count. */
export function partsMissing(missing: readonly number[], count: number): PlicoError {
  const shown = missing.length > 12
    ? `${missing.slice(0, 12).join(", ")} and ${missing.length - 12} more`
    : missing.join(", ");
  return new PlicoError(
    "qr.error",
    `QR sequence incomplete: part ${shown} of ${count} missing; scan the missing codes too`,
  );
}

/** All parts are there, yet together they do not match the sequence's checksum. */
export function sequenceMismatch(): PlicoError {
  return new PlicoError(
    "qr.error",
    "the QR parts do not add up to the sequence they claim (checksum mismatch): show and scan the whole sequence again",
  );
}

/**
 * The payload is too large or empty to travel as a QR sequence; `moreThan` when only a lower
 * bound of its size is known (standard input read up to a limit).
 */
export function payloadSize(bytes: number, max: number, moreThan = false): PlicoError {
  return new PlicoError(
    "qr.error",
    bytes === 0
      ? "nothing to show: the file is empty"
      : `too large for QR codes: ${moreThan ? "more than " : ""}${bytes} bytes, at most ${max}; ` +
        `move this file another way`,
  );
}
