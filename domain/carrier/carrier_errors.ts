/**
 * The carrier's errors. All carry the stable code `carrier.error`; the message says precisely
 * which case it is, so a person knows what to do. No message contains key material.
 *
 * @module
 */

import { PlicoError } from "../errors.ts";

/** The input is not a PNG file at all. */
export function notPng(): PlicoError {
  return new PlicoError("carrier.error", "not a PNG file: the carrier must be a PNG image");
}

/** The input is a lossy (or otherwise unsupported) image format that would destroy low bits. */
export function lossyFormat(format: string): PlicoError {
  return new PlicoError(
    "carrier.error",
    `lossy/unsupported format (${format}): use a PNG; lossy formats destroy hidden data`,
  );
}

/** The PNG failed one structural check; `detail` names the check. */
export function corruptPng(detail: string): PlicoError {
  return new PlicoError("carrier.error", `corrupt PNG: ${detail}`);
}

/** The PNG is well formed but exceeds a limit of `domain/limits.ts`. */
export function pngTooLarge(detail: string): PlicoError {
  return new PlicoError("carrier.error", `PNG too large: ${detail}`);
}

/**
 * The cover cannot hold the envelope. Says what it can hold and how many pixels a cover of the
 * same kind would need.
 */
export function coverTooSmall(
  capacityBytes: number,
  envelopeBytes: number,
  pixelsNeeded: number,
): PlicoError {
  const side = Math.ceil(Math.sqrt(pixelsNeeded));
  return new PlicoError(
    "carrier.error",
    `cover too small: it can hold ${capacityBytes} bytes but the envelope has ${envelopeBytes}; ` +
      `a cover of the same kind needs at least ${pixelsNeeded} opaque pixels ` +
      `(for example ${side}x${side}), or omit the cover to generate one`,
  );
}

/** The envelope is larger than any cover Plico accepts or generates could hold. */
export function envelopeTooLargeForCarrier(maxBytes: number): PlicoError {
  return new PlicoError(
    "carrier.error",
    `envelope too large for a PNG carrier: at most ${maxBytes} bytes fit the largest cover`,
  );
}

/** Nothing Plico can read under this key (no carrier, wrong key, or low bits destroyed). */
export function noPlicoData(): PlicoError {
  return new PlicoError(
    "carrier.error",
    "no Plico data found in this image (wrong key, not a carrier, or the image was altered, " +
      "for example by lossy re-encoding, resizing or editing)",
  );
}

/** A carrier header that authenticated but declares more bytes than the image holds. */
export function inconsistentCarrier(declared: number, capacity: number): PlicoError {
  return new PlicoError(
    "carrier.error",
    `corrupt carrier: its header declares ${declared} bytes but the image holds at most ${capacity}`,
  );
}
