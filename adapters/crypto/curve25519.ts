/**
 * X25519 key agreement (RFC 7748) and Ed25519 signatures (RFC 8032) over `@noble/curves`.
 *
 * @module
 */

import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { PlicoError } from "../../domain/errors.ts";
import { isAllZero } from "./all_zero.ts";
import { requireBytes, requireLength } from "./require_length.ts";
import {
  ED25519_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  X25519_KEY_BYTES,
} from "../../domain/primitive_sizes.ts";

/** X25519 public key of a 32-byte secret (clamped as RFC 7748 §5 says). */
export function x25519PublicKey(secretKey: Uint8Array): Uint8Array {
  requireLength("X25519 secret key", secretKey, X25519_KEY_BYTES);
  return x25519.getPublicKey(secretKey);
}

/**
 * X25519 shared secret. A low-order public key yields `crypto.weak_key`: noble refuses the five
 * low-order u-coordinates before running the ladder (so no secret-dependent work is done on
 * them), and the all-zero output check of RFC 7748 §6.1 stays here as a second, independent
 * guard.
 */
export function x25519SharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  requireLength("X25519 secret key", secretKey, X25519_KEY_BYTES);
  requireLength("X25519 public key", publicKey, X25519_KEY_BYTES);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secretKey, publicKey);
  } catch (cause) {
    throw new PlicoError("crypto.weak_key", "X25519 public key has low order", { cause });
  }
  if (isAllZero(shared)) {
    throw new PlicoError("crypto.weak_key", "X25519 shared secret is all zero");
  }
  return shared;
}

/** Ed25519 public key of a 32-byte seed. */
export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  requireLength("Ed25519 secret key", secretKey, ED25519_KEY_BYTES);
  return ed25519.getPublicKey(secretKey);
}

/** Ed25519 signature (64 bytes, deterministic, RFC 8032 §5.1.6). */
export function ed25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  requireLength("Ed25519 secret key", secretKey, ED25519_KEY_BYTES);
  requireBytes("Ed25519 message", message);
  return ed25519.sign(message, secretKey);
}

/**
 * True only for a valid signature; any malformed input gives false, never an exception. Strict
 * RFC 8032 decoding (`zip215: false`) refuses non-canonical encodings and small-order public keys,
 * so one message has one valid signature per key: signatures cannot be mauled into new ones.
 */
export function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (
    !(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_KEY_BYTES ||
    !(message instanceof Uint8Array) ||
    !(signature instanceof Uint8Array) || signature.length !== ED25519_SIGNATURE_BYTES
  ) {
    return false;
  }
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false }) === true;
  } catch {
    return false;
  }
}
