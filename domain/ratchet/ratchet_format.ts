/**
 * Fixed sizes of the ratchet: the primitive sizes it relies on, under the short names the ratchet
 * code uses (values from `domain/primitive_sizes.ts`, the one table), and the header plaintext
 * layout of PROTOCOL-envelope §5.1.
 *
 * @module
 */

import {
  DIGEST_BYTES,
  MLKEM768_CIPHERTEXT_BYTES,
  MLKEM768_PUBLIC_KEY_BYTES,
  MLKEM768_SECRET_KEY_BYTES,
  MLKEM768_SEED_BYTES,
  MLKEM_RANDOMNESS_BYTES,
  POLY1305_TAG_BYTES,
  X25519_KEY_BYTES,
  XCHACHA_NONCE_BYTES,
} from "../primitive_sizes.ts";

/** X25519 key and shared-secret length (RFC 7748). */
export const X25519_BYTES = X25519_KEY_BYTES;
/** ML-KEM-768 encapsulation key length (FIPS 203 Table 3). */
export const MLKEM_EK_BYTES = MLKEM768_PUBLIC_KEY_BYTES;
/** ML-KEM-768 decapsulation key length (FIPS 203 Table 3). */
export const MLKEM_DK_BYTES = MLKEM768_SECRET_KEY_BYTES;
/** ML-KEM-768 ciphertext length (FIPS 203 Table 3). */
export const MLKEM_CT_BYTES = MLKEM768_CIPHERTEXT_BYTES;
/** ML-KEM-768 key-generation seed `d || z`. */
export const MLKEM_SEED_BYTES = MLKEM768_SEED_BYTES;
/** ML-KEM encapsulation randomness `m`. */
export { MLKEM_RANDOMNESS_BYTES };
/** Root, chain, header and message key length. */
export const KEY_BYTES = 32;
/** Setup transcript hash length (SHA3-256). */
export const TRANSCRIPT_HASH_BYTES = DIGEST_BYTES;

/** XChaCha20-Poly1305 nonce length. */
export const HEADER_NONCE_BYTES = XCHACHA_NONCE_BYTES;
/** Poly1305 tag length. */
export const TAG_BYTES = POLY1305_TAG_BYTES;

/** §5.1 offsets of the header plaintext. */
export const HEADER_LAYOUT = {
  ratchetFlags: 0,
  dh: 1,
  pn: 33,
  n: 37,
  kemCiphertext: 41,
  kemPublic: 41 + MLKEM_CT_BYTES,
  extra: 41 + MLKEM_CT_BYTES + MLKEM_EK_BYTES,
} as const;

/** Random filler replacing `kem_ct || kem_ek` in headers of initial chains (2272 bytes). */
export const FILLER_BYTES = MLKEM_CT_BYTES + MLKEM_EK_BYTES;
/** The envelope's part of the header plaintext, opaque to the ratchet (§5.1). */
export const HEADER_EXTRA_BYTES = 33;
/** Header plaintext length: 2313 bytes of ratchet data plus `extra` = 2346. */
export const HEADER_PLAINTEXT_BYTES = HEADER_LAYOUT.extra + HEADER_EXTRA_BYTES;
/** Encrypted header on the wire: nonce || ciphertext || tag = 2386 bytes (§5.2). */
export const HEADER_BYTES = HEADER_NONCE_BYTES + HEADER_PLAINTEXT_BYTES + TAG_BYTES;

/** Largest u32 value: the message counters may not reach it (§4 step 2). */
export const U32_MAX = 0xffff_ffff;
