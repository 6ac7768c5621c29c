/**
 * The ports the domain needs from the outside world. The domain never imports a runtime or a
 * package: adapters implement these interfaces and `main.ts` wires them in. Randomness and time
 * are ports too, so that every vector and replay test is deterministic.
 *
 * @module
 */

/** A key pair as raw bytes. Callers own both buffers and wipe the secret when done. */
export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/** Result of an ML-KEM encapsulation. */
export interface Encapsulation {
  readonly ciphertext: Uint8Array;
  readonly sharedSecret: Uint8Array;
}

/** Hash functions available to HKDF and HMAC. */
export type HashName = "sha256" | "sha3-256";

/** Argon2id cost parameters (RFC 9106). `memoryKiB` is in kibibytes. */
export interface Argon2Params {
  readonly iterations: number;
  readonly memoryKiB: number;
  readonly parallelism: number;
}

/**
 * Cryptographic primitives. Every method validates lengths and throws `PlicoError` with code
 * `crypto.bad_length` on wrong sizes; AEAD opening throws `crypto.auth_failed` on any bad tag.
 */
export interface CryptoPort {
  /** X25519 public key (32 bytes) from a 32-byte secret. */
  x25519PublicKey(secretKey: Uint8Array): Uint8Array;
  /** X25519 shared secret; throws `crypto.weak_key` when the output is all zero (RFC 7748 §6.1). */
  x25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;

  /** Ed25519 public key (32 bytes) from a 32-byte seed. */
  ed25519PublicKey(secretKey: Uint8Array): Uint8Array;
  /** Ed25519 signature (64 bytes), RFC 8032. */
  ed25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** True only for a valid signature; never throws on malformed input. */
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;

  /** ML-KEM-768 key pair from a 64-byte seed (d || z, FIPS 203 ML-KEM.KeyGen_internal). */
  mlkem768KeyPair(seed: Uint8Array): KeyPair;
  /** ML-KEM-768 encapsulation with 32 bytes of explicit randomness (FIPS 203 Encaps_internal). */
  mlkem768Encapsulate(publicKey: Uint8Array, randomness: Uint8Array): Encapsulation;
  /** ML-KEM-768 decapsulation (implicit rejection: a bad ciphertext yields a pseudorandom key). */
  mlkem768Decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array;

  /** SHA3-256 digest (32 bytes). */
  sha3_256(data: Uint8Array): Uint8Array;
  /** SHA-256 digest (32 bytes). */
  sha256(data: Uint8Array): Uint8Array;
  /** HMAC (RFC 2104) with the named hash. */
  hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** HKDF extract-and-expand (RFC 5869) with the named hash. */
  hkdf(
    hash: HashName,
    ikm: Uint8Array,
    salt: Uint8Array,
    info: Uint8Array,
    length: number,
  ): Uint8Array;

  /**
   * ChaCha20-Poly1305 (RFC 8439): returns ciphertext || 16-byte tag, a new array. Like every
   * AEAD here it reads its inputs only during the call, so a caller may reuse them afterwards
   * (the body sealer and opener reuse one nonce array for all chunks).
   */
  chachaSeal(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
  ): Uint8Array;
  /**
   * `chachaSeal` as two new arrays, ciphertext and tag, for bulk data: a 64 KiB body chunk is
   * then never copied just to join its tag.
   */
  chachaSealParts(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
  ): [Uint8Array, Uint8Array];
  /** Inverse of `chachaSeal` (a new array); throws `crypto.auth_failed` on any mismatch. */
  chachaOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;
  /** XChaCha20-Poly1305 (24-byte nonce): returns ciphertext || 16-byte tag. */
  xchachaSeal(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
  ): Uint8Array;
  /** Inverse of `xchachaSeal`; throws `crypto.auth_failed` on any mismatch. */
  xchachaOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;

  /** Argon2id (RFC 9106) raw hash of `length` bytes. */
  argon2id(
    password: Uint8Array,
    salt: Uint8Array,
    params: Argon2Params,
    length: number,
  ): Promise<Uint8Array>;
}

/** A source of cryptographically secure random bytes. */
export interface RandomPort {
  randomBytes(length: number): Uint8Array;
}

/** Wall-clock time in milliseconds since the Unix epoch. */
export interface ClockPort {
  now(): number;
}
