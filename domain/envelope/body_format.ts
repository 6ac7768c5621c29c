/**
 * Geometry of the chunked body (PROTOCOL-envelope §8.2): chunk sizes, the nonce of each chunk,
 * the body length for a plaintext length, and the chunk plan a reader derives from a body
 * length so an adapter can split a file before opening it.
 *
 * @module
 */

import { CHACHA_NONCE_BYTES, POLY1305_TAG_BYTES } from "../primitive_sizes.ts";
import { malformed, PlicoError } from "../errors.ts";

/** Plaintext bytes in every chunk but the last (64 KiB). */
export const BODY_CHUNK_BYTES = 64 * 1024;
/** Poly1305 tag per chunk. */
export const BODY_TAG_BYTES = POLY1305_TAG_BYTES;
/** Sealed size of every chunk but the last. */
export const BODY_SEALED_CHUNK_BYTES = BODY_CHUNK_BYTES + BODY_TAG_BYTES;
/** ChaCha20-Poly1305 nonce length. */
const NONCE_BYTES = CHACHA_NONCE_BYTES;

/** §8.2: `u88(index) || (0x01 if last else 0x00)`. */
export function chunkNonce(index: number, isLast: boolean): Uint8Array {
  return writeChunkNonce(new Uint8Array(NONCE_BYTES), index, isLast);
}

/**
 * `chunkNonce` written into `nonce` (12 bytes), which is returned: the body sealer and opener
 * reuse one array for every chunk instead of allocating one per 64 KiB.
 */
export function writeChunkNonce(nonce: Uint8Array, index: number, isLast: boolean): Uint8Array {
  if (!Number.isSafeInteger(index) || index < 0) throw new PlicoError("internal", "chunk index");
  if (nonce.length !== NONCE_BYTES) throw new PlicoError("internal", "chunk nonce length");
  // The 11-byte counter's top three bytes stay zero: a safe integer fits in the low eight.
  const high = Math.floor(index / 2 ** 32);
  const low = index >>> 0;
  nonce[0] = nonce[1] = nonce[2] = 0;
  nonce[3] = high >>> 24;
  nonce[4] = (high >>> 16) & 0xff;
  nonce[5] = (high >>> 8) & 0xff;
  nonce[6] = high & 0xff;
  nonce[7] = low >>> 24;
  nonce[8] = (low >>> 16) & 0xff;
  nonce[9] = (low >>> 8) & 0xff;
  nonce[10] = low & 0xff;
  nonce[11] = isLast ? 1 : 0;
  return nonce;
}

/** Number of chunks for a plaintext of `plainLength` bytes (at least one). */
export function bodyChunkCount(plainLength: number): number {
  if (!Number.isSafeInteger(plainLength) || plainLength < 0) {
    throw new PlicoError("internal", "body length out of range");
  }
  return Math.max(1, Math.ceil(plainLength / BODY_CHUNK_BYTES));
}

/** §8.2: sealed body length for a plaintext of `plainLength` bytes. */
export function sealedBodyLength(plainLength: number): number {
  return plainLength + BODY_TAG_BYTES * bodyChunkCount(plainLength);
}

/** How a sealed body of a given length splits into chunks. */
export interface BodyChunkPlan {
  /** Number of chunks. */
  readonly chunks: number;
  /** Sealed size of the last chunk (every other one is `BODY_SEALED_CHUNK_BYTES`). */
  readonly lastSealedBytes: number;
  /** Plaintext length the body will decrypt to. */
  readonly plainLength: number;
}

/**
 * §8.2: the chunk plan of a sealed body of `sealedLength` bytes, or `input.malformed` when no
 * body has that length (shorter than one tag, or a last chunk of 1..=16 bytes after full ones).
 */
export function bodyChunkPlan(sealedLength: number): BodyChunkPlan {
  if (!Number.isSafeInteger(sealedLength) || sealedLength < BODY_TAG_BYTES) {
    throw malformed("envelope body", "too short");
  }
  const chunks = Math.max(1, Math.ceil(sealedLength / BODY_SEALED_CHUNK_BYTES));
  const lastSealedBytes = sealedLength - (chunks - 1) * BODY_SEALED_CHUNK_BYTES;
  if (chunks > 1 && lastSealedBytes <= BODY_TAG_BYTES) {
    throw malformed("envelope body", "a truncated last chunk");
  }
  return { chunks, lastSealedBytes, plainLength: sealedLength - chunks * BODY_TAG_BYTES };
}
