/**
 * Chunking adapters around the body sealer and opener (PROTOCOL-envelope §8.2) for input that
 * arrives in pieces of any size (a file read in blocks, stdin). Each holds back at most one
 * chunk: a full chunk is only known not to be the last when more bytes follow, so the writer
 * and the reader decide "last" at `finish()`. Memory stays at one chunk plus the piece given.
 *
 * This is the hot path of seal and open (every byte of a large file passes here), so blocks
 * that lie wholly inside a piece, with more bytes after them, go to the cipher straight from
 * the piece; only the bytes of a block that straddles two pieces, or that may be the last, are
 * copied into the one held buffer, which is reused for the whole stream.
 *
 * @module
 */

import { wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import type { CryptoPort } from "../ports.ts";
import { createBodyOpener } from "./body_opener.ts";
import { createBodySealer } from "./body_sealer.ts";
import { BODY_CHUNK_BYTES, BODY_SEALED_CHUNK_BYTES } from "./body_format.ts";

/**
 * Accepts pieces of one stream and returns whatever complete output they produce, in order.
 * Every array returned is new and belongs to the caller (it never aliases a piece or an earlier
 * output), so the caller may keep it, or wipe it once used.
 */
export interface ChunkStream {
  /** Adds a piece; returns the chunks it completed (possibly none). The piece is not kept. */
  push(piece: Uint8Array): Uint8Array[];
  /** Ends the stream; returns the final output. Nothing may be pushed afterwards. */
  finish(): Uint8Array[];
}

/**
 * Splits `piece`s into blocks of `size` bytes and calls `emit(block, isLast, out)`, which
 * appends the block's output to `out`, holding back the latest full block until more input or
 * `finish()` shows whether it is the last. `emit` must output new arrays: the block it is given
 * may be the held buffer, which is reused.
 */
function blockStream(
  size: number,
  emit: (block: Uint8Array, isLast: boolean, out: Uint8Array[]) => void,
): ChunkStream {
  const held = new Uint8Array(size);
  let filled = 0;
  let done = false;
  let failure: unknown = null;
  // A failed stream wipes what it held and keeps failing (the sealer and opener do the same).
  const failed = (e: unknown): never => {
    failure ??= e;
    wipe(held);
    filled = 0;
    throw failure;
  };
  return {
    push(piece: Uint8Array): Uint8Array[] {
      if (failure !== null) throw failure;
      if (done) throw new PlicoError("internal", "body stream: push after finish");
      const out: Uint8Array[] = [];
      let offset = 0;
      try {
        while (offset < piece.length) {
          if (filled === size) {
            // More bytes follow, so the held block is not the last.
            emit(held, false, out);
            filled = 0;
          }
          if (filled === 0 && piece.length - offset > size) {
            // A whole block with more bytes after it: no copy.
            emit(piece.subarray(offset, offset + size), false, out);
            offset += size;
            continue;
          }
          const take = Math.min(size - filled, piece.length - offset);
          held.set(piece.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
        }
      } catch (e) {
        return failed(e);
      }
      return out;
    },
    finish(): Uint8Array[] {
      if (failure !== null) throw failure;
      if (done) throw new PlicoError("internal", "body stream: finished twice");
      done = true;
      const out: Uint8Array[] = [];
      try {
        emit(held.subarray(0, filled), true, out);
      } catch (e) {
        return failed(e);
      }
      wipe(held);
      return out;
    },
  };
}

/**
 * Seals a body given as plaintext pieces of any size; returns the sealed body in order, each
 * chunk as two arrays (its ciphertext, then its tag) so that no chunk is copied to join them.
 */
export function createBodyWriter(
  crypto: CryptoPort,
  messageKey: Uint8Array,
  encHeader: Uint8Array,
): ChunkStream {
  const sealer = createBodySealer(crypto, messageKey, encHeader);
  return blockStream(BODY_CHUNK_BYTES, (block, isLast, out) => {
    const [ciphertext, tag] = sealer.sealChunkParts(block, isLast);
    out.push(ciphertext, tag);
  });
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
  return blockStream(BODY_SEALED_CHUNK_BYTES, (block, isLast, out) => {
    out.push(opener.openChunk(block, isLast));
  });
}
