/**
 * zlib (RFC 1950) for PNG image data, on the runtime's built-in Compression Streams: the
 * "deflate" format of that standard *is* the zlib format (2-byte header, deflate data, Adler-32
 * trailer) that PNG's compression method 0 requires; "deflate-raw" would be bare RFC 1951.
 *
 * Decompression is bounded: the output buffer has exactly the size the image dimensions imply,
 * the compressed data is fed in small steps so that no single step can expand past ~16.5 MiB,
 * and decompression stops as soon as the output would exceed the expected size. Because the
 * runtime's inflater does not report a stream cut short in its trailer, the header and the
 * Adler-32 checksum are verified here.
 *
 * @module
 */

import { corruptPng } from "../../../domain/carrier/mod.ts";
import { PNG_INFLATE_STEP_BYTES } from "../../../domain/limits.ts";
import { adler32 } from "./adler32.ts";

/** Deflate's largest expansion: a 258-byte match coded in 2 bits (RFC 1951 §3.2.5). */
const MAX_DEFLATE_RATIO = 1032;

/** Bytes of `parts` taken as one stream, at `index` (parts may be as short as 1 byte). */
function byteAt(parts: readonly Uint8Array[], index: number): number {
  let i = index;
  for (const part of parts) {
    if (i < part.length) return part[i]!;
    i -= part.length;
  }
  throw new RangeError("byteAt past the end");
}

/**
 * Inflates the zlib stream split over `parts` (the IDAT chunks' data) into exactly `expected`
 * bytes. Throws `carrier.error` "corrupt PNG: …" naming what is wrong when the stream is
 * malformed, shorter or longer than `expected`, or fails its checksum.
 */
export async function inflateExact(
  parts: readonly Uint8Array[],
  expected: number,
): Promise<Uint8Array> {
  let total = 0;
  for (const part of parts) total += part.length;
  if (total < 6) throw corruptPng("image data too short to be a zlib stream");
  const cmf = byteAt(parts, 0);
  const flg = byteAt(parts, 1);
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) {
    throw corruptPng("image data does not start with a valid zlib header");
  }
  if (flg & 0x20) throw corruptPng("zlib stream asks for a preset dictionary");
  // Cheap early refusal: data this short cannot expand to the expected size.
  if (total * MAX_DEFLATE_RATIO < expected) {
    throw corruptPng(`image data of ${total} bytes is too short for the image dimensions`);
  }

  const out = new Uint8Array(expected);
  let written = 0;
  let overflow = false;
  const stream = new DecompressionStream("deflate");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();

  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (value.length > expected - written) {
        overflow = true;
        await reader.cancel();
        return;
      }
      out.set(value, written);
      written += value.length;
    }
  })();

  let failure: unknown = null;
  try {
    feeding: for (const part of parts) {
      for (let at = 0; at < part.length; at += PNG_INFLATE_STEP_BYTES) {
        if (overflow) break feeding;
        // A copy: the stream API wants ArrayBuffer-backed bytes, and a step is small.
        await writer.write(part.slice(at, at + PNG_INFLATE_STEP_BYTES));
      }
    }
    if (!overflow) await writer.close();
  } catch (e) {
    failure = e;
  }
  try {
    await reading;
  } catch (e) {
    failure ??= e;
  }
  if (overflow) {
    writer.abort().catch(() => {});
    throw corruptPng(
      `image data decompresses to more than the ${expected} bytes its dimensions imply`,
    );
  }
  if (failure !== null) throw corruptPng("invalid zlib/deflate image data");
  if (written !== expected) {
    throw corruptPng(`image data decompresses to ${written} bytes, dimensions imply ${expected}`);
  }
  const trailer = ((byteAt(parts, total - 4) << 24) | (byteAt(parts, total - 3) << 16) |
    (byteAt(parts, total - 2) << 8) | byteAt(parts, total - 1)) >>> 0;
  if (adler32(out) !== trailer) {
    throw corruptPng("zlib stream is incomplete or fails its Adler-32 checksum");
  }
  return out;
}

/**
 * A zlib compressor fed piece by piece. `write` waits while the compressor is busy, so memory
 * holds at most a piece and the compressed output so far.
 */
export class ZlibWriter {
  readonly #writer: WritableStreamDefaultWriter<BufferSource>;
  readonly #collected: Promise<Uint8Array[]>;

  constructor() {
    const stream = new CompressionStream("deflate");
    this.#writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    this.#collected = (async () => {
      const pieces: Uint8Array[] = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return pieces;
        pieces.push(value);
      }
    })();
    this.#collected.catch(() => {}); // surfaced by finish()
  }

  /** Compresses `bytes` (the caller may reuse the buffer once this resolves). */
  async write(bytes: Uint8Array): Promise<void> {
    // Copy: the stream may hold on to the buffer after the promise resolves.
    await this.#writer.write(bytes.slice());
  }

  /** Ends the stream and returns the compressed zlib stream in pieces. */
  async finish(): Promise<Uint8Array[]> {
    await this.#writer.close();
    return await this.#collected;
  }
}
