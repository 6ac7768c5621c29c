/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha §2.3) built on any ChaCha20-Poly1305: derive the
 * subkey with HChaCha20 from the first 16 nonce bytes, then run the inner AEAD with the nonce
 * 0^4 || nonce[16..24]. With the native inner AEAD this keeps large XChaCha payloads fast.
 *
 * @module
 */

import type { ChachaAead } from "./chacha_aead.ts";
import { hchacha20 } from "./hchacha.ts";
import {
  CHACHA_NONCE_BYTES,
  HCHACHA_INPUT_BYTES,
  XCHACHA_NONCE_BYTES,
} from "../../domain/primitive_sizes.ts";

/** XChaCha20-Poly1305 (24-byte nonce) on top of `inner` (12-byte nonce). */
export function xchachaFrom(inner: ChachaAead): ChachaAead {
  return {
    seal(key, nonce, plaintext, aad) {
      const subkey = hchacha20(key, nonce.subarray(0, HCHACHA_INPUT_BYTES));
      try {
        return inner.seal(subkey, innerNonce(nonce), plaintext, aad);
      } finally {
        subkey.fill(0);
      }
    },
    sealParts(key, nonce, plaintext, aad) {
      const subkey = hchacha20(key, nonce.subarray(0, HCHACHA_INPUT_BYTES));
      try {
        return inner.sealParts(subkey, innerNonce(nonce), plaintext, aad);
      } finally {
        subkey.fill(0);
      }
    },
    open(key, nonce, sealed, aad) {
      const subkey = hchacha20(key, nonce.subarray(0, HCHACHA_INPUT_BYTES));
      try {
        return inner.open(subkey, innerNonce(nonce), sealed, aad);
      } finally {
        subkey.fill(0);
      }
    },
  };
}

function innerNonce(nonce: Uint8Array): Uint8Array {
  const out = new Uint8Array(CHACHA_NONCE_BYTES);
  out.set(nonce.subarray(HCHACHA_INPUT_BYTES, XCHACHA_NONCE_BYTES), 4);
  return out;
}
