/**
 * The shape shared by the ChaCha20-Poly1305 implementations (native and noble) and the one
 * opaque error every failed open produces.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";

/**
 * An AEAD with a 32-byte key and a fixed nonce length. Callers have checked every length; `seal`
 * returns ciphertext || 16-byte tag and `open` returns the plaintext or throws
 * `crypto.auth_failed`, releasing no plaintext byte on failure.
 */
export interface ChachaAead {
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** `seal` as ciphertext and tag, two arrays, so a large ciphertext is never copied to join. */
  sealParts(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
  ): [Uint8Array, Uint8Array];
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;
}

/**
 * The only error an AEAD open reports for a bad tag. Key, nonce, ciphertext, tag and AAD
 * mismatches all look the same (PROTOCOL §1), and no library message or cause is attached.
 */
export function authFailed(): PlicoError {
  return new PlicoError("crypto.auth_failed", "decryption failed: wrong key or tampered data");
}

/** Splits `ciphertext || tag` (a new array) into its two parts, without copying. */
export function splitSealed(sealed: Uint8Array, tagBytes: number): [Uint8Array, Uint8Array] {
  const at = sealed.length - tagBytes;
  return [sealed.subarray(0, at), sealed.subarray(at)];
}
