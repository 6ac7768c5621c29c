/**
 * The offline release signing key file (HARDENING §4.3): exactly `RELEASE_SECRET_KEY_BYTES`
 * bytes of text,
 *
 * ```text
 * plico release secret key v1\n
 * seed: <64 lower-case hex: the 32-byte Ed25519 seed>\n
 * ```
 *
 * It lives on the release manager's offline machine only, never in the repository or in CI.
 *
 * @module
 */

import { ED25519_KEY_BYTES } from "../primitive_sizes.ts";
import { fromHex, toHex, utf8 } from "../bytes.ts";
import { PlicoError } from "../errors.ts";

const HEADER = "plico release secret key v1\n";
const SEED_PREFIX = "seed: ";
const SEED_BYTES = ED25519_KEY_BYTES;

/** Exact length of a secret key file, in bytes (99). */
export const RELEASE_SECRET_KEY_BYTES = HEADER.length + SEED_PREFIX.length + 2 * SEED_BYTES + 1;

/** The text of a key file holding `seed`. The caller wipes both when done. */
export function encodeReleaseSecretKey(seed: Uint8Array): Uint8Array {
  if (seed.length !== SEED_BYTES) {
    throw new PlicoError("crypto.bad_length", `a release key seed is ${SEED_BYTES} bytes`);
  }
  return utf8(`${HEADER}${SEED_PREFIX}${toHex(seed)}\n`);
}

/**
 * The seed of a key file. Exact length, fixed text and lower-case hex; anything else is
 * `input.malformed` (the message never echoes the file's contents).
 */
export function parseReleaseSecretKey(bytes: Uint8Array): Uint8Array {
  const bad = () => new PlicoError("input.malformed", "not a Plico release secret key file");
  if (bytes.length !== RELEASE_SECRET_KEY_BYTES) throw bad();
  const prefix = HEADER + SEED_PREFIX;
  for (let i = 0; i < prefix.length; i++) {
    if (bytes[i] !== prefix.charCodeAt(i)) throw bad();
  }
  if (bytes[bytes.length - 1] !== 0x0a) throw bad();
  let hex = "";
  for (let i = prefix.length; i < bytes.length - 1; i++) {
    const b = bytes[i]!;
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66))) throw bad();
    hex += String.fromCharCode(b);
  }
  return fromHex(hex);
}
