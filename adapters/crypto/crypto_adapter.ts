/**
 * The crypto adapter: implements `CryptoPort` with `@noble/*`, Plico's own Argon2id memory
 * filling in WebAssembly (`argon2_fill.c`) and, for bulk ChaCha20-Poly1305, the runtime's
 * native `node:crypto`. Every method checks its input lengths first (`crypto.bad_length`);
 * AEAD opens fail with one opaque `crypto.auth_failed`.
 *
 * @module
 */

import type { CryptoPort } from "../../domain/ports.ts";
import { argon2idInWorker } from "./argon2_in_worker.ts";
import type { ChachaAead } from "./chacha_aead.ts";
import {
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  x25519PublicKey,
  x25519SharedSecret,
} from "./curve25519.ts";
import { hkdf, hmac, sha256, sha3_256 } from "./hashes.ts";
import { mlkem768Decapsulate, mlkem768Encapsulate, mlkem768KeyPair } from "./ml_kem.ts";
import { nativeChacha } from "./native_chacha.ts";
import { nobleChacha, nobleXchacha } from "./noble_chacha.ts";
import { requireBytes, requireLength, requireMinLength } from "./require_length.ts";
import {
  CHACHA_KEY_BYTES,
  CHACHA_NONCE_BYTES,
  POLY1305_TAG_BYTES,
  XCHACHA_NONCE_BYTES,
} from "../../domain/primitive_sizes.ts";
import { xchachaFrom } from "./xchacha.ts";

/** Options of `createCrypto`. */
export interface CryptoOptions {
  /**
   * Which ChaCha20-Poly1305 computes the AEADs. `"native"` (default) uses `node:crypto`, with
   * XChaCha built from noble's HChaCha20 plus the native AEAD; `"noble"` uses `@noble/ciphers`
   * for both. Outputs are byte-identical; only speed differs.
   */
  readonly bulk?: "native" | "noble";
}

/** A `CryptoPort` backed by audited libraries; see `CryptoOptions` for the AEAD choice. */
export function createCrypto(options: CryptoOptions = {}): CryptoPort {
  const bulk = options.bulk ?? "native";
  const chacha = bulk === "native" ? nativeChacha : nobleChacha;
  const xchacha = bulk === "native" ? xchachaFrom(nativeChacha) : nobleXchacha;

  return {
    x25519PublicKey,
    x25519: x25519SharedSecret,
    ed25519PublicKey,
    ed25519Sign,
    ed25519Verify,
    mlkem768KeyPair,
    mlkem768Encapsulate,
    mlkem768Decapsulate,
    sha3_256,
    sha256,
    hmac,
    hkdf,
    chachaSeal: (key, nonce, plaintext, aad) =>
      seal(chacha, "ChaCha20-Poly1305", CHACHA_NONCE_BYTES, key, nonce, plaintext, aad),
    chachaSealParts: (key, nonce, plaintext, aad) => {
      checkSealInput("ChaCha20-Poly1305", CHACHA_NONCE_BYTES, key, nonce, plaintext, aad);
      return chacha.sealParts(key, nonce, plaintext, aad);
    },
    chachaOpen: (key, nonce, sealed, aad) =>
      open(chacha, "ChaCha20-Poly1305", CHACHA_NONCE_BYTES, key, nonce, sealed, aad),
    xchachaSeal: (key, nonce, plaintext, aad) =>
      seal(xchacha, "XChaCha20-Poly1305", XCHACHA_NONCE_BYTES, key, nonce, plaintext, aad),
    xchachaOpen: (key, nonce, sealed, aad) =>
      open(xchacha, "XChaCha20-Poly1305", XCHACHA_NONCE_BYTES, key, nonce, sealed, aad),
    argon2id: (password, salt, params, length) =>
      argon2idInWorker({ password, salt, params, length }),
  };
}

function checkSealInput(
  name: string,
  nonceBytes: number,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): void {
  requireLength(`${name} key`, key, CHACHA_KEY_BYTES);
  requireLength(`${name} nonce`, nonce, nonceBytes);
  requireBytes(`${name} plaintext`, plaintext);
  requireBytes(`${name} associated data`, aad);
}

function seal(
  aead: ChachaAead,
  name: string,
  nonceBytes: number,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  checkSealInput(name, nonceBytes, key, nonce, plaintext, aad);
  return aead.seal(key, nonce, plaintext, aad);
}

function open(
  aead: ChachaAead,
  name: string,
  nonceBytes: number,
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  requireLength(`${name} key`, key, CHACHA_KEY_BYTES);
  requireLength(`${name} nonce`, nonce, nonceBytes);
  // Shorter than a tag cannot be a sealed message at all: a structural error, said precisely.
  requireMinLength(`${name} sealed data`, sealed, POLY1305_TAG_BYTES);
  requireBytes(`${name} associated data`, aad);
  return aead.open(key, nonce, sealed, aad);
}
