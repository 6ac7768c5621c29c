/**
 * ChaCha20-Poly1305 and XChaCha20-Poly1305 from `@noble/ciphers`: audited pure JavaScript, the
 * reference the native path is checked against.
 *
 * @module
 */

import { chacha20poly1305, xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { authFailed, type ChachaAead, splitSealed } from "./chacha_aead.ts";
import { POLY1305_TAG_BYTES } from "../../domain/primitive_sizes.ts";

/** RFC 8439 AEAD with a 12-byte nonce, in pure JavaScript. */
export const nobleChacha: ChachaAead = {
  seal(key, nonce, plaintext, aad) {
    return chacha20poly1305(key, nonce, aad).encrypt(plaintext);
  },
  sealParts(key, nonce, plaintext, aad) {
    return splitSealed(chacha20poly1305(key, nonce, aad).encrypt(plaintext), POLY1305_TAG_BYTES);
  },
  open(key, nonce, sealed, aad) {
    try {
      return chacha20poly1305(key, nonce, aad).decrypt(sealed);
    } catch {
      throw authFailed();
    }
  },
};

/** XChaCha20-Poly1305 with a 24-byte nonce, in pure JavaScript. */
export const nobleXchacha: ChachaAead = {
  seal(key, nonce, plaintext, aad) {
    return xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  },
  sealParts(key, nonce, plaintext, aad) {
    return splitSealed(xchacha20poly1305(key, nonce, aad).encrypt(plaintext), POLY1305_TAG_BYTES);
  },
  open(key, nonce, sealed, aad) {
    try {
      return xchacha20poly1305(key, nonce, aad).decrypt(sealed);
    } catch {
      throw authFailed();
    }
  },
};
