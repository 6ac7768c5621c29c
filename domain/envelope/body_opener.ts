/**
 * Opening the body one chunk at a time (PROTOCOL-envelope §8). Any bad tag is the one opaque
 * `crypto.auth_failed`; a chunk of a size no body can have is `input.malformed`; more chunks
 * than the largest package needs is `envelope.limit`; a chunk after the last is a caller bug.
 * Once it failed, the opener keeps failing with the same error.
 *
 * @module
 */

import { wipe } from "../bytes.ts";
import { CHACHA_NONCE_BYTES } from "../primitive_sizes.ts";
import { isPlicoError, malformed, PlicoError } from "../errors.ts";
import type { CryptoPort } from "../ports.ts";
import { PACKAGE_MAX_BYTES } from "../package/mod.ts";
import { deriveBodyKey } from "./body_key.ts";
import {
  BODY_SEALED_CHUNK_BYTES,
  BODY_TAG_BYTES,
  bodyChunkCount,
  writeChunkNonce,
} from "./body_format.ts";

/** Body chunks carry no associated data (the header is bound through the body key). */
const NO_AAD = new Uint8Array(0);

/** Most chunks a body may have: enough for the largest package. */
export const BODY_MAX_CHUNKS = bodyChunkCount(PACKAGE_MAX_BYTES);

/** The single message for every authentication failure of an envelope. */
export const TAMPERED_MESSAGE = "the envelope is corrupted or has been tampered with";

/** Opens the chunks of one body, in order. */
export interface BodyOpener {
  /**
   * Opens the next sealed chunk: exactly `BODY_SEALED_CHUNK_BYTES` unless `isLast`; the last is
   * 17 ..= `BODY_SEALED_CHUNK_BYTES` bytes, or exactly 16 when it is the only chunk.
   */
  openChunk(sealed: Uint8Array, isLast: boolean): Uint8Array;
  /** True once the last chunk opened. */
  readonly finished: boolean;
}

/**
 * An opener for the body that came with `encHeader`. The caller keeps ownership of
 * `messageKey`; the derived body key is wiped after the last chunk or a failure.
 */
export function createBodyOpener(
  crypto: CryptoPort,
  messageKey: Uint8Array,
  encHeader: Uint8Array,
): BodyOpener {
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

  return {
    get finished() {
      return finished;
    },
    openChunk(sealed: Uint8Array, isLast: boolean): Uint8Array {
      if (failure) throw failure;
      if (finished) return fail(new PlicoError("internal", "body opener: chunk after the last"));
      if (index >= BODY_MAX_CHUNKS) {
        return fail(new PlicoError("envelope.limit", "the envelope body is larger than allowed"));
      }
      const sizeOk = isLast
        ? sealed.length <= BODY_SEALED_CHUNK_BYTES &&
          (sealed.length > BODY_TAG_BYTES || (sealed.length === BODY_TAG_BYTES && index === 0))
        : sealed.length === BODY_SEALED_CHUNK_BYTES;
      if (!sizeOk) {
        return fail(
          malformed("envelope body", `chunk ${index} has a wrong size`),
        );
      }
      let plain: Uint8Array;
      try {
        plain = crypto.chachaOpen(key, writeChunkNonce(nonce, index, isLast), sealed, NO_AAD);
      } catch (e) {
        if (isPlicoError(e, "crypto.auth_failed")) {
          return fail(new PlicoError("crypto.auth_failed", TAMPERED_MESSAGE));
        }
        throw e;
      }
      index++;
      if (isLast) {
        finished = true;
        wipe(key);
      }
      return plain;
    },
  };
}
