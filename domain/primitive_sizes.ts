/**
 * The one table of byte sizes fixed by the primitives (PROTOCOL §1): key, nonce, tag, digest
 * and ciphertext lengths from their standards. The domain builds its formats from it, and the
 * crypto adapter checks every input against it before a library sees the bytes. These are
 * properties of the algorithms, not policy; Plico's own limits are in `domain/limits.ts`.
 *
 * @module
 */

/** X25519 secret and public key length in bytes (RFC 7748 §5). */
export const X25519_KEY_BYTES = 32;
/** Ed25519 seed (secret key) and public key length in bytes (RFC 8032 §5.1.5). */
export const ED25519_KEY_BYTES = 32;
/** Ed25519 signature length in bytes (RFC 8032 §5.1.6). */
export const ED25519_SIGNATURE_BYTES = 64;

/** ML-KEM-768 key generation seed d || z in bytes (FIPS 203 Algorithm 16). */
export const MLKEM768_SEED_BYTES = 64;
/** ML-KEM-768 encapsulation key length in bytes (FIPS 203 Table 3). */
export const MLKEM768_PUBLIC_KEY_BYTES = 1184;
/** ML-KEM-768 decapsulation key length in bytes (FIPS 203 Table 3). */
export const MLKEM768_SECRET_KEY_BYTES = 2400;
/** ML-KEM-768 ciphertext length in bytes (FIPS 203 Table 3). */
export const MLKEM768_CIPHERTEXT_BYTES = 1088;
/** ML-KEM encapsulation randomness m in bytes (FIPS 203 Algorithm 17). */
export const MLKEM_RANDOMNESS_BYTES = 32;
/** ML-KEM shared secret length in bytes (FIPS 203 §6). */
export const MLKEM_SHARED_SECRET_BYTES = 32;

/** SHA-256 and SHA3-256 digest length in bytes; both HKDF hashes share it. */
export const DIGEST_BYTES = 32;
/** Largest HKDF output in bytes: 255 * HashLen (RFC 5869 §2.3). */
export const HKDF_MAX_OUTPUT_BYTES = 255 * DIGEST_BYTES;

/** ChaCha20-Poly1305 key length in bytes (RFC 8439 §2.8). */
export const CHACHA_KEY_BYTES = 32;
/** ChaCha20-Poly1305 nonce length in bytes (RFC 8439 §2.8). */
export const CHACHA_NONCE_BYTES = 12;
/** XChaCha20-Poly1305 nonce length in bytes (draft-irtf-cfrg-xchacha §2). */
export const XCHACHA_NONCE_BYTES = 24;
/** HChaCha20 input length in bytes: the first 16 bytes of the XChaCha nonce. */
export const HCHACHA_INPUT_BYTES = 16;
/** Poly1305 tag length in bytes (RFC 8439 §2.5). */
export const POLY1305_TAG_BYTES = 16;

/** Smallest Argon2 salt in bytes (RFC 9106 §3.1). */
export const ARGON2_MIN_SALT_BYTES = 8;
/** Smallest Argon2 tag in bytes (RFC 9106 §3.1). */
export const ARGON2_MIN_TAG_BYTES = 4;
