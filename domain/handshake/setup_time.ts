/**
 * Time rules of the setup files (PROTOCOL-handshake §11). All bounds are inclusive.
 *
 * @module
 */

import { PlicoError } from "../errors.ts";
import {
  INITIATOR_FILE_MAX_AGE_MS,
  RESPONDER_FILE_MAX_AGE_MS,
  SETUP_CLOCK_SKEW_MS,
} from "../limits.ts";
import type { ClockPort } from "../ports.ts";

/** The clock's time in ms; a broken clock adapter is an internal error, never a valid time. */
export function readNow(clock: ClockPort): number {
  const now = clock.now();
  if (!Number.isSafeInteger(now) || now < 0) {
    throw new PlicoError("internal", "the clock returned an invalid time");
  }
  return now;
}

function checkAge(createdAt: number, now: number, maxAgeMs: number, what: string): void {
  if (createdAt > now + SETUP_CLOCK_SKEW_MS) {
    throw new PlicoError(
      "input.malformed",
      `${what} was created in the future; check this computer's clock and the peer's`,
    );
  }
  if (now - createdAt > maxAgeMs) {
    throw new PlicoError(
      "input.expired",
      `${what} is older than ${maxAgeMs / 86_400_000} days; ask for a new one`,
    );
  }
}

/** Refuse an initiator file that is future-dated or older than 7 days (§11). */
export function checkInitiatorTime(createdAt: number, now: number): void {
  checkAge(createdAt, now, INITIATOR_FILE_MAX_AGE_MS, "the initiator file");
}

/** Refuse a responder file that is future-dated or older than 7 days (§11). */
export function checkResponderTime(createdAt: number, now: number): void {
  checkAge(createdAt, now, RESPONDER_FILE_MAX_AGE_MS, "the responder file");
}

/**
 * Refuse an answer dated before its question (beyond the skew) or after the question expired
 * (§11), judged on the two files' own times, independent of this computer's clock.
 */
export function checkAnswerTime(initiatorCreatedAt: number, responderCreatedAt: number): void {
  if (responderCreatedAt < initiatorCreatedAt - SETUP_CLOCK_SKEW_MS) {
    throw new PlicoError(
      "input.malformed",
      "the responder file is dated before the initiator file it answers",
    );
  }
  if (responderCreatedAt > initiatorCreatedAt + INITIATOR_FILE_MAX_AGE_MS + SETUP_CLOCK_SKEW_MS) {
    throw new PlicoError(
      "input.expired",
      "the responder file answers an initiator file that had already expired",
    );
  }
}
