/**
 * Canonical-encoding checks for the public values of the setup files (PROTOCOL-handshake §6).
 * They run before any signature check or secret use, so that one value has exactly one
 * encoding (one transcript per exchange) and obviously weak keys never reach the primitives.
 * The inputs are public, so plain BigInt arithmetic (not constant time) is fine here.
 *
 * @module
 */

import { malformed } from "../errors.ts";
import { SIZES } from "./format.ts";

/** The field prime of Curve25519 / edwards25519. */
const P = 2n ** 255n - 19n;
/** The order of the edwards25519 prime-order subgroup (RFC 8032 §5.1). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
/** y of the order-8 points of edwards25519 (the other pair has y = p − Y8). */
const Y8 = 0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n;
/** y coordinates of all eight torsion points, whatever their sign bit (§6). */
const SMALL_ORDER_Y: ReadonlySet<bigint> = new Set([0n, 1n, P - 1n, Y8, P - Y8]);

/** ML-KEM modulus q (FIPS 203). */
const MLKEM_Q = 3329;
/** Bytes of the packed 12-bit coefficients in an ML-KEM-768 encapsulation key (384 · k). */
const MLKEM768_T_BYTES = 1152;

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** True when `key` is 32 bytes, has bit 255 clear and encodes u < p (RFC 7748 §5, §6). */
export function isCanonicalX25519Public(key: Uint8Array): boolean {
  return key.length === SIZES.x25519 && (key[31]! & 0x80) === 0 && littleEndian(key) < P;
}

/**
 * True when `point` is 32 bytes whose y (bits 0..254) is < p and is not the y of a torsion
 * point. Used for identity keys and for a signature's R: a valid signer never produces either.
 */
export function isCanonicalEd25519Point(point: Uint8Array): boolean {
  if (point.length !== SIZES.ed25519Public) return false;
  const masked = point.slice();
  masked[31] = masked[31]! & 0x7f;
  const y = littleEndian(masked);
  return y < P && !SMALL_ORDER_Y.has(y);
}

/** True when `signature` is 64 bytes with a canonical R (see above) and S < L (RFC 8032 §5.1.7). */
export function isCanonicalEd25519Signature(signature: Uint8Array): boolean {
  return signature.length === SIZES.signature &&
    isCanonicalEd25519Point(signature.subarray(0, 32)) &&
    littleEndian(signature.subarray(32, 64)) < L;
}

/**
 * True when `key` is an ML-KEM-768 encapsulation key that passes the FIPS 203 §7.2 modulus
 * check: every 12-bit coefficient of t̂ is < q, so ByteEncode12(ByteDecode12(t̂)) = t̂.
 */
export function isCanonicalMlKemPublic(key: Uint8Array): boolean {
  if (key.length !== SIZES.mlkemPublic) return false;
  for (let i = 0; i < MLKEM768_T_BYTES; i += 3) {
    const b0 = key[i]!, b1 = key[i + 1]!, b2 = key[i + 2]!;
    if ((b0 | ((b1 & 0x0f) << 8)) >= MLKEM_Q) return false;
    if (((b1 >> 4) | (b2 << 4)) >= MLKEM_Q) return false;
  }
  return true;
}

/** Throw `input.malformed` naming `what` unless the X25519 key is canonical. */
export function requireX25519Public(key: Uint8Array, what: string): void {
  if (!isCanonicalX25519Public(key)) throw malformed(what, "not a canonical X25519 public key");
}

/** Throw `input.malformed` naming `what` unless the Ed25519 identity key is canonical. */
export function requireIdentityPublic(key: Uint8Array, what: string): void {
  if (!isCanonicalEd25519Point(key)) {
    throw malformed(what, "not a canonical, full-order Ed25519 public key");
  }
}

/** Throw `input.malformed` naming `what` unless the ML-KEM-768 key passes the modulus check. */
export function requireMlKemPublic(key: Uint8Array, what: string): void {
  if (!isCanonicalMlKemPublic(key)) throw malformed(what, "not a valid ML-KEM-768 key");
}
