/**
 * Sealing the body one chunk at a time (PROTOCOL-envelope §8). The sealer owns its body key,
 * refuses misuse (a short chunk that is not the last, an empty last chunk after others, any
 * chunk after the last) and keeps failing once it has failed.
 *
 * @module
 */

import { wipe } from "../bytes.ts";
import { CHACHA_NONCE_BYTES } from "../primitive_sizes.ts";
import { PlicoError } from "../errors.ts";
import type { CryptoPort } from "../ports.ts";
import { deriveBodyKey } from "./body_key.ts";
import { BODY_CHUNK_BYTES, writeChunkNonce } from "./body_format.ts";

/** Body chunks carry no associated data (the header is bound through the body key). */
const NO_AAD = new Uint8Array(0);

/** Seals the chunks of one body, in order. */
export interface BodySealer {
  /**
   * Seals the next chunk: exactly `BODY_CHUNK_BYTES` unless `isLast`; the last holds 1 ..=
   * `BODY_CHUNK_BYTES` bytes, or 0 only when it is the only chunk (empty body).
   */
  sealChunk(plain: Uint8Array, isLast: boolean): Uint8Array;
  /**
   * `sealChunk` as two new arrays, ciphertext then tag (together the same bytes), so a bulk
   * writer never copies a chunk just to join its tag.
   */
  sealChunkParts(plain: Uint8Array, isLast: boolean): [Uint8Array, Uint8Array];
  /** True once the last chunk was sealed. */
  readonly finished: boolean;
}

/**
 * A sealer for the body that goes with `encHeader`. The caller keeps ownership of `messageKey`
 * (and wipes it); the derived body key is wiped here after the last chunk or a failure.
 */
export function createBodySealer(
  crypto: CryptoPort,
  messageKey: Uint8Array,
  encHeader: Uint8Array,
): BodySealer {
  const key = deriveBodyKey(crypto, messageKey, encHeader);
  // One nonce array for every chunk (the crypto port reads its inputs only during the call).
  const nonce = new Uint8Array(CHACHA_NONCE_BYTES);
  let index = 0;
  let finished = false;
  let failure: PlicoError | null = null;

  const fail = (e: PlicoError): never => {
    failure = e;
    wipe(key);
    throw e;
  };

  /** Checks the call and returns the nonce of this chunk. */
  const next = (plain: Uint8Array, isLast: boolean): Uint8Array => {
    if (failure) throw failure;
    if (finished) return fail(new PlicoError("internal", "body sealer: chunk after the last"));
    if (!isLast && plain.length !== BODY_CHUNK_BYTES) {
      return fail(new PlicoError("internal", "body sealer: a middle chunk must be full"));
    }
    if (isLast && (plain.length > BODY_CHUNK_BYTES || (plain.length === 0 && index > 0))) {
      return fail(new PlicoError("internal", "body sealer: bad last chunk size"));
    }
    return writeChunkNonce(nonce, index, isLast);
  };
  const advance = (isLast: boolean) => {
    index++;
    if (isLast) {
      finished = true;
      wipe(key);
    }
  };

  return {
    get finished() {
      return finished;
    },
    sealChunk(plain: Uint8Array, isLast: boolean): Uint8Array {
      const sealed = crypto.chachaSeal(key, next(plain, isLast), plain, NO_AAD);
      advance(isLast);
      return sealed;
    },
    sealChunkParts(plain: Uint8Array, isLast: boolean): [Uint8Array, Uint8Array] {
      const parts = crypto.chachaSealParts(key, next(plain, isLast), plain, NO_AAD);
      advance(isLast);
      return parts;
    },
  };
}
