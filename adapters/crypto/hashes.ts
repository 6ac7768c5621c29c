/**
 * SHA3-256, SHA-256, HMAC (RFC 2104) and HKDF (RFC 5869) over `@noble/hashes`.
 *
 * @module
 */

import { hkdf as nobleHkdf } from "@noble/hashes/hkdf.js";
import { hmac as nobleHmac } from "@noble/hashes/hmac.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { sha3_256 as nobleSha3_256 } from "@noble/hashes/sha3.js";
import type { CHash } from "@noble/hashes/utils.js";
import { PlicoError } from "../../domain/errors.ts";
import type { HashName } from "../../domain/ports.ts";
import { requireBytes, requireIntegerBetween } from "./require_length.ts";
import { HKDF_MAX_OUTPUT_BYTES } from "../../domain/primitive_sizes.ts";

/** SHA3-256 digest (FIPS 202). */
export function sha3_256(data: Uint8Array): Uint8Array {
  requireBytes("SHA3-256 input", data);
  return nobleSha3_256(data);
}

/** SHA-256 digest (FIPS 180-4). */
export function sha256(data: Uint8Array): Uint8Array {
  requireBytes("SHA-256 input", data);
  return nobleSha256(data);
}

/** HMAC with the named hash. Any key length is valid (RFC 2104 §3). */
export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  requireBytes("HMAC key", key);
  requireBytes("HMAC data", data);
  return nobleHmac(hashFunction(hash), key, data);
}

/**
 * HKDF extract-and-expand. An empty salt is the RFC's "not provided" case (HashLen zero bytes,
 * which HMAC pads identically). A zero-length output is refused: asking for no key is a bug.
 */
export function hkdf(
  hash: HashName,
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Uint8Array {
  requireBytes("HKDF input key material", ikm);
  requireBytes("HKDF salt", salt);
  requireBytes("HKDF info", info);
  requireIntegerBetween("HKDF output length", length, 1, HKDF_MAX_OUTPUT_BYTES);
  return nobleHkdf(hashFunction(hash), ikm, salt, info, length);
}

function hashFunction(name: HashName): CHash {
  switch (name) {
    case "sha256":
      return nobleSha256;
    case "sha3-256":
      return nobleSha3_256;
    default:
      throw new PlicoError("internal", `unknown hash ${String(name)}`);
  }
}
