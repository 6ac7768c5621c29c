/**
 * The key agreement of the Secret Service algorithm `dh-ietf1024-sha256-aes128-cbc-pkcs7`
 * (Secret Service API, "Transfer of Secrets"): Diffie-Hellman in the 1024-bit MODP group of
 * RFC 2409 §6.2 (generator 2), the shared value — big-endian, left-padded to the 128 bytes of
 * the prime, as gnome-keyring and libsecret do — fed to HKDF-SHA256 with empty salt and info
 * to get a 16-byte AES-128 key.
 *
 * This protects the secret only against copies lingering on the bus and in swap, as the spec
 * says; it is not meant to resist an active attacker on the (already trusted) session bus.
 * BigInt arithmetic is not constant-time and BigInts cannot be wiped: acceptable for a
 * one-shot local exchange whose private exponent is discarded at once.
 *
 * @module
 */

import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { PlicoError } from "../../../domain/errors.ts";
import { wipe } from "../../../domain/bytes.ts";

/** RFC 2409 §6.2, the Second Oakley Group: 2^1024 - 2^960 - 1 + 2^64 * (floor(2^894 pi) + 129093). */
export const IETF1024_PRIME = BigInt(
  "0x" +
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381" +
    "FFFFFFFFFFFFFFFF",
);
/** The group's generator. */
const IETF1024_GENERATOR = 2n;
/** Bytes in the prime, and so in every public value and shared secret. */
export const IETF1024_BYTES = 128;

/** `base^exponent mod modulus` by square-and-multiply. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Big-endian unsigned integer from bytes. */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** Big-endian encoding of `n`, left-padded with zeros to exactly `length` bytes. */
export function bigIntToBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = n;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError("bigIntToBytes: value does not fit");
  return out;
}

/** Our half of the exchange. */
export interface DhKeyPair {
  readonly privateKey: bigint;
  /** g^x mod p, 128 bytes big-endian. */
  readonly publicKey: Uint8Array;
}

/**
 * A key pair from 128 random bytes (the caller's; wiped here). The exponent is reduced into
 * [2, p-2], which keeps all but a negligible fraction of its entropy.
 */
export function dhKeyPair(randomBytes: Uint8Array): DhKeyPair {
  if (randomBytes.length !== IETF1024_BYTES) {
    throw new PlicoError("crypto.bad_length", "DH private key needs 128 random bytes");
  }
  const privateKey = bigIntFromBytes(randomBytes) % (IETF1024_PRIME - 3n) + 2n;
  wipe(randomBytes);
  const publicKey = bigIntToBytes(
    modPow(IETF1024_GENERATOR, privateKey, IETF1024_PRIME),
    IETF1024_BYTES,
  );
  return { privateKey, publicKey };
}

/**
 * The 128-byte shared value for the peer's public value. Refuses values outside [2, p-2]
 * (0, 1 and p-1 would force a known key) and encodings longer than the prime.
 */
export function dhSharedSecret(privateKey: bigint, peerPublic: Uint8Array): Uint8Array {
  if (peerPublic.length === 0 || peerPublic.length > IETF1024_BYTES) {
    throw new PlicoError("platform.unavailable", "the keyring sent a DH public key of bad length");
  }
  const y = bigIntFromBytes(peerPublic);
  if (y < 2n || y > IETF1024_PRIME - 2n) {
    throw new PlicoError("platform.unavailable", "the keyring sent an invalid DH public key");
  }
  return bigIntToBytes(modPow(y, privateKey, IETF1024_PRIME), IETF1024_BYTES);
}

/** HKDF-SHA256(shared, salt = empty, info = empty) to 16 bytes; wipes `shared`. */
export function deriveTransferKey(shared: Uint8Array): Uint8Array {
  try {
    return hkdf(sha256, shared, new Uint8Array(0), new Uint8Array(0), 16);
  } finally {
    wipe(shared);
  }
}
