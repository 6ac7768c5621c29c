/**
 * Session parameters proposed by the initiator and bound by the transcript
 * (PROTOCOL-handshake §5). Encoded as 8 bytes: lifetime u32be, window u16be, flags u16be = 0.
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { concat, u16be, u32be } from "../bytes.ts";
import { malformed, PlicoError } from "../errors.ts";
import {
  SESSION_LIFETIME_DEFAULT_SECONDS,
  SESSION_LIFETIME_MAX_SECONDS,
  SESSION_LIFETIME_MIN_SECONDS,
  SKIPPED_KEY_WINDOW_DEFAULT,
  SKIPPED_KEY_WINDOW_MAX,
} from "../limits.ts";

/** What the initiator proposes for the session (§5). */
export interface SessionParams {
  /** How long the session lives after it is answered, in seconds. */
  readonly lifetimeSeconds: number;
  /** How many skipped message keys may be kept for out-of-order opening (`0` = strict order). */
  readonly skippedKeyWindow: number;
}

/** The parameters used when the user picks none (§5). */
export const DEFAULT_SESSION_PARAMS: SessionParams = Object.freeze({
  lifetimeSeconds: SESSION_LIFETIME_DEFAULT_SECONDS,
  skippedKeyWindow: SKIPPED_KEY_WINDOW_DEFAULT,
});

/** Throw `input.malformed` unless both values are integers in their ranges (§5). */
export function checkSessionParams(params: SessionParams): void {
  const { lifetimeSeconds, skippedKeyWindow } = params;
  if (
    !Number.isInteger(lifetimeSeconds) || lifetimeSeconds < SESSION_LIFETIME_MIN_SECONDS ||
    lifetimeSeconds > SESSION_LIFETIME_MAX_SECONDS
  ) {
    throw new PlicoError(
      "input.malformed",
      `session lifetime must be ${SESSION_LIFETIME_MIN_SECONDS}..${SESSION_LIFETIME_MAX_SECONDS} seconds`,
    );
  }
  if (
    !Number.isInteger(skippedKeyWindow) || skippedKeyWindow < 0 ||
    skippedKeyWindow > SKIPPED_KEY_WINDOW_MAX
  ) {
    throw new PlicoError(
      "input.malformed",
      `skipped-key window must be 0..${SKIPPED_KEY_WINDOW_MAX}`,
    );
  }
}

/** The 8-byte encoding of valid parameters (§3 offsets 1288..1296). */
export function encodeSessionParams(params: SessionParams): Uint8Array {
  checkSessionParams(params);
  return concat(u32be(params.lifetimeSeconds), u16be(params.skippedKeyWindow), u16be(0));
}

/** Strict decoding of the 8 bytes at `offset`: ranges checked, flags must be zero (§5, §6). */
export function decodeSessionParams(bytes: Uint8Array, offset: number): SessionParams {
  const r = new ByteReader(bytes, "session parameters").at(offset);
  const params: SessionParams = {
    lifetimeSeconds: r.u32(),
    skippedKeyWindow: r.u16(),
  };
  if (r.u16() !== 0) {
    throw malformed("session parameters", "unknown flags are set");
  }
  checkSessionParams(params);
  return params;
}
