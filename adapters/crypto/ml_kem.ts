/**
 * ML-KEM-768 (FIPS 203) over `@noble/post-quantum`, with the deterministic entry points the
 * protocol and its vectors need: key generation from the 64-byte seed d || z and encapsulation
 * with explicit 32-byte randomness m.
 *
 * @module
 */

import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { PlicoError } from "../../domain/errors.ts";
import type { Encapsulation, KeyPair } from "../../domain/ports.ts";
import { requireLength } from "./require_length.ts";
import {
  MLKEM768_CIPHERTEXT_BYTES,
  MLKEM768_PUBLIC_KEY_BYTES,
  MLKEM768_SECRET_KEY_BYTES,
  MLKEM768_SEED_BYTES,
  MLKEM_RANDOMNESS_BYTES,
} from "../../domain/primitive_sizes.ts";

/** Key pair from the seed d || z (FIPS 203 ML-KEM.KeyGen_internal, Algorithm 16). */
export function mlkem768KeyPair(seed: Uint8Array): KeyPair {
  requireLength("ML-KEM-768 seed", seed, MLKEM768_SEED_BYTES);
  const { publicKey, secretKey } = ml_kem768.keygen(seed);
  return { publicKey, secretKey };
}

/**
 * Encapsulation with explicit randomness m (FIPS 203 ML-KEM.Encaps_internal, Algorithm 17).
 * A public key that fails the FIPS 203 §7.2 modulus check is malformed input from a peer.
 */
export function mlkem768Encapsulate(publicKey: Uint8Array, randomness: Uint8Array): Encapsulation {
  requireLength("ML-KEM-768 public key", publicKey, MLKEM768_PUBLIC_KEY_BYTES);
  requireLength("ML-KEM-768 randomness", randomness, MLKEM_RANDOMNESS_BYTES);
  let result: { cipherText: Uint8Array; sharedSecret: Uint8Array };
  try {
    result = ml_kem768.encapsulate(publicKey, randomness);
  } catch (cause) {
    throw new PlicoError("input.malformed", "ML-KEM-768 public key is not canonical", { cause });
  }
  return { ciphertext: result.cipherText, sharedSecret: detach(result.sharedSecret) };
}

/**
 * Decapsulation with implicit rejection: a tampered ciphertext yields a pseudorandom key, never an
 * error. Only a secret key that fails its embedded hash check (FIPS 203 §7.3) throws.
 */
export function mlkem768Decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array {
  requireLength("ML-KEM-768 ciphertext", ciphertext, MLKEM768_CIPHERTEXT_BYTES);
  requireLength("ML-KEM-768 secret key", secretKey, MLKEM768_SECRET_KEY_BYTES);
  let shared: Uint8Array;
  try {
    shared = ml_kem768.decapsulate(ciphertext, secretKey);
  } catch (cause) {
    throw new PlicoError("input.malformed", "ML-KEM-768 secret key failed its hash check", {
      cause,
    });
  }
  return detach(shared);
}

/**
 * noble returns the shared secret as a view into a larger scratch buffer. Copy it into a buffer
 * of its own (so the caller can wipe exactly what it owns) and clear the view.
 */
function detach(view: Uint8Array): Uint8Array {
  const own = view.slice();
  view.fill(0);
  return own;
}
