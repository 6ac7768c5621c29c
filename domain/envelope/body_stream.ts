/**
 * Chunking adapters around the body sealer and opener (PROTOCOL-envelope §8.2) for input that
 * arrives in pieces of any size (a file read in blocks, stdin). Each holds back at most one
 * chunk: a full chunk is only known not to be the last when more bytes follow, so the writer
 * and the reader decide "last" at `finish()`. Memory stays at one chunk plus the piece given.
 *
 * @module
 */

import { wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import type { CryptoPort } from "../ports.ts";
import { createBodyOpener } from "./body_opener.ts";
import { createBodySealer } from "./body_sealer.ts";
import { BODY_CHUNK_BYTES, BODY_SEALED_CHUNK_BYTES } from "./body_format.ts";

/** Accepts pieces of one stream and returns whatever complete output they produce. */
export interface ChunkStream {
  /** Adds a piece; returns the chunks it completed (possibly none). */
  push(piece: Uint8Array): Uint8Array[];
  /** Ends the stream; returns the final output. Nothing may be pushed afterwards. */
  finish(): Uint8Array[];
}

/**
 * Splits `piece`s into blocks of `size` bytes and calls `emit(block, isLast)`, holding back the
 * latest full block until more input or `finish()` shows whether it is the last.
 */
function blockStream(
  size: number,
  emit: (block: Uint8Array, isLast: boolean) => Uint8Array,
): ChunkStream {
  let buffer = new Uint8Array(size);
  let filled = 0;
  let done = false;
  return {
    push(piece: Uint8Array): Uint8Array[] {
      if (done) throw new PlicoError("internal", "body stream: push after finish");
      const out: Uint8Array[] = [];
      let offset = 0;
      while (offset < piece.length) {
        if (filled === size) {
          // More bytes follow, so the held block is not the last.
          out.push(emit(buffer, false));
          wipe(buffer);
          buffer = new Uint8Array(size);
          filled = 0;
        }
        const take = Math.min(size - filled, piece.length - offset);
        buffer.set(piece.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
      }
      return out;
    },
    finish(): Uint8Array[] {
      if (done) throw new PlicoError("internal", "body stream: finished twice");
      done = true;
      const last = emit(buffer.subarray(0, filled), true);
      wipe(buffer);
      return [last];
    },
  };
}

/** Seals a body given as plaintext pieces of any size; returns sealed chunks in order. */
export function createBodyWriter(
  crypto: CryptoPort,
  messageKey: Uint8Array,
  encHeader: Uint8Array,
): ChunkStream {
  const sealer = createBodySealer(crypto, messageKey, encHeader);
  return blockStream(BODY_CHUNK_BYTES, (block, isLast) => sealer.sealChunk(block, isLast));
}

/**
 * Opens a body given as sealed pieces of any size (for example stdin, whose length is unknown);
 * returns plaintext chunks in order. A body ending in a 1..=16-byte remainder fails at `finish`.
 */
export function createBodyReader(
  crypto: CryptoPort,
  messageKey: Uint8Array,
  encHeader: Uint8Array,
): ChunkStream {
  const opener = createBodyOpener(crypto, messageKey, encHeader);
  return blockStream(BODY_SEALED_CHUNK_BYTES, (block, isLast) => opener.openChunk(block, isLast));
}
