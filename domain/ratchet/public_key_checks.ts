/**
 * Canonical-value checks for public keys a peer announces in a header (PROTOCOL-envelope §6.4),
 * the same rules as PROTOCOL-handshake §6 (kept here because the ratchet does not import the
 * handshake).
 *
 * @module
 */

import { MLKEM_EK_BYTES, X25519_BYTES } from "./ratchet_format.ts";

/** ML-KEM modulus q (FIPS 203). */
const Q = 3329;
/** Bytes of the encapsulation key that pack the 768 coefficients (the rest is ρ). */
const PACKED_COEFFICIENT_BYTES = 1152;

/**
 * True when `key` is a canonical X25519 public key: 32 bytes, little-endian value below
 * `p = 2^255 − 19` (which also means bit 255 is clear).
 */
export function isCanonicalX25519(key: Uint8Array): boolean {
  if (key.length !== X25519_BYTES) return false;
  if (key[31]! > 0x7f) return false;
  if (key[31]! < 0x7f) return true;
  for (let i = 30; i >= 1; i--) {
    if (key[i]! < 0xff) return true;
  }
  // All of bytes 1..31 are maximal: the value is ≥ p exactly when byte 0 is ≥ 0xed.
  return key[0]! < 0xed;
}

/**
 * FIPS 203 §7.2 modulus check of an ML-KEM-768 encapsulation key: every 12-bit coefficient
 * packed in the first 1152 bytes (two per three bytes, little-endian) is below q.
 */
export function isValidMlKemPublicKey(key: Uint8Array): boolean {
  if (key.length !== MLKEM_EK_BYTES) return false;
  for (let i = 0; i < PACKED_COEFFICIENT_BYTES; i += 3) {
    const b0 = key[i]!;
    const b1 = key[i + 1]!;
    const b2 = key[i + 2]!;
    if ((b0 | ((b1 & 0x0f) << 8)) >= Q) return false;
    if (((b1 >> 4) | (b2 << 4)) >= Q) return false;
  }
  return true;
}
