/**
 * Reading a large input in pieces with the next read already running: the file system works on
 * Deno's I/O thread while the caller seals or opens the current piece on this one. Seal and open
 * read every byte of a large file this way (docs/PERFORMANCE.md "The pipeline").
 *
 * @module
 */

import type { ByteSource } from "./ports.ts";

/** Bytes read at a time (each read is one async op; two such buffers per stream). */
export const READ_PIECE_BYTES = 4 * 1024 * 1024;

/** The two buffers one stream alternates between; the caller owns and wipes them. */
export interface ReadBuffers {
  readonly a: Uint8Array;
  readonly b: Uint8Array;
}

/** Two fresh buffers of `READ_PIECE_BYTES`. */
export function readBuffers(): ReadBuffers {
  return { a: new Uint8Array(READ_PIECE_BYTES), b: new Uint8Array(READ_PIECE_BYTES) };
}

/** Overwrites both buffers (they may have held plaintext). */
export function wipeReadBuffers(buffers: ReadBuffers): void {
  buffers.a.fill(0);
  buffers.b.fill(0);
}

/**
 * Calls `use` with each piece of `source` in order until the end, reading the next piece into
 * the other buffer meanwhile. A piece is valid only until `use` returns (its buffer is reused).
 * Returns (or throws what `use` or a read threw) only once no read is in flight, so the caller
 * may wipe the buffers and close the source right after.
 */
export async function readAhead(
  source: ByteSource,
  buffers: ReadBuffers,
  use: (piece: Uint8Array) => Promise<void>,
): Promise<void> {
  let current = buffers.a;
  let spare = buffers.b;
  let reading = source.read(current);
  try {
    for (;;) {
      const n = await reading;
      if (n === null) return;
      const piece = current.subarray(0, n);
      [current, spare] = [spare, current];
      reading = source.read(current);
      await use(piece);
    }
  } finally {
    // After a failure a read may still be filling a buffer the caller is about to wipe.
    await reading.then(() => {}, () => {});
  }
}
