/**
 * HChaCha20 (draft-irtf-cfrg-xchacha §2.2): the subkey derivation that turns ChaCha20-Poly1305
 * into XChaCha20-Poly1305. The permutation itself is noble's; this file only lays out the words.
 *
 * @module
 */

import { hchacha } from "@noble/ciphers/chacha.js";
import { CHACHA_KEY_BYTES, HCHACHA_INPUT_BYTES } from "../../domain/primitive_sizes.ts";

// noble's hchacha reads native-endian 32-bit views of the raw bytes and writes its output the
// same way, so views over fresh (hence aligned) byte copies give the right words on any host.
const SIGMA = new Uint32Array(new TextEncoder().encode("expand 32-byte k").slice().buffer);

/**
 * The 32-byte HChaCha20 subkey of `key` and the 16-byte `input`. Lengths are the caller's to
 * check. The caller owns the result and wipes it after use.
 */
export function hchacha20(key: Uint8Array, input: Uint8Array): Uint8Array {
  const keyCopy = new Uint8Array(CHACHA_KEY_BYTES);
  keyCopy.set(key);
  const inputCopy = new Uint8Array(HCHACHA_INPUT_BYTES);
  inputCopy.set(input);
  const out = new Uint32Array(CHACHA_KEY_BYTES / 4);
  hchacha(SIGMA, new Uint32Array(keyCopy.buffer), new Uint32Array(inputCopy.buffer), out);
  keyCopy.fill(0);
  return new Uint8Array(out.buffer);
}
