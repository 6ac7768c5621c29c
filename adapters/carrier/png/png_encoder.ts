/**
 * PNG encoding of a raster (PROTOCOL-carrier §1): grey, grey + alpha, RGB or RGBA at 8 or 16 bits,
 * not interlaced, one adaptive filter per row (least sum of absolute signed bytes), zlib through
 * the runtime's CompressionStream, IDAT chunks of `PNG_WRITE_IDAT_BYTES`. The file holds IHDR, IDAT
 * and IEND only: no text, time, EXIF, colour profile or any other ancillary chunk.
 *
 * @module
 */

import { u32be } from "../../../domain/bytes.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { assertRasterShape, type RasterImage } from "../../../domain/carrier/mod.ts";
import { MiB, PNG_WRITE_IDAT_BYTES } from "../../../domain/limits.ts";
import { crc32 } from "../../../domain/crc32.ts";
import { PNG_SIGNATURE } from "./format_sniff.ts";
import { FILTER_TYPES, filterRowAdaptive } from "./png_filters.ts";
import { COLOUR_GREY, COLOUR_GREY_ALPHA, COLOUR_RGB, COLOUR_RGBA } from "./png_header.ts";
import { ZlibWriter } from "./zlib_stream.ts";

/** Filtered bytes handed to the compressor at a time. */
const COMPRESS_BATCH_BYTES = 1 * MiB;

const COLOUR_TYPE_OF_CHANNELS = [0, COLOUR_GREY, COLOUR_GREY_ALPHA, COLOUR_RGB, COLOUR_RGBA];

/** Encodes `image` as a PNG file. */
export async function encodePng(image: RasterImage): Promise<Uint8Array> {
  assertRasterShape(image);
  const { width, height, channels, bitDepth } = image;
  const bytesPerSample = bitDepth / 8;
  const rowLength = width * channels * bytesPerSample;
  const stride = channels * bytesPerSample;

  const zlib = new ZlibWriter();
  const scratch = Array.from({ length: FILTER_TYPES }, () => new Uint8Array(rowLength));
  let row = new Uint8Array(rowLength);
  let prev = new Uint8Array(rowLength);
  const batch = new Uint8Array(Math.max(COMPRESS_BATCH_BYTES, rowLength + 1));
  let used = 0;
  for (let y = 0; y < height; y++) {
    rowAsBytes(image, y, row);
    const { type, bytes } = filterRowAdaptive(row, prev, stride, scratch);
    if (used + rowLength + 1 > batch.length) {
      await zlib.write(batch.subarray(0, used));
      used = 0;
    }
    batch[used] = type;
    batch.set(bytes, used + 1);
    used += rowLength + 1;
    [row, prev] = [prev, row];
  }
  if (used > 0) await zlib.write(batch.subarray(0, used));
  const compressed = await zlib.finish();

  const ihdr = new Uint8Array(13);
  ihdr.set(u32be(width), 0);
  ihdr.set(u32be(height), 4);
  ihdr.set([bitDepth, COLOUR_TYPE_OF_CHANNELS[channels]!, 0, 0, 0], 8);
  return assemble(ihdr, compressed);
}

/** The bytes of row `y` as stored: samples in order, 16-bit values big-endian. */
function rowAsBytes(image: RasterImage, y: number, out: Uint8Array): void {
  const perRow = image.width * image.channels;
  const from = y * perRow;
  if (image.bitDepth === 8) {
    out.set(image.samples.subarray(from, from + perRow));
    return;
  }
  for (let i = 0; i < perRow; i++) {
    const v = image.samples[from + i]!;
    out[2 * i] = v >>> 8;
    out[2 * i + 1] = v & 0xff;
  }
}

/**
 * Lays out signature, IHDR, the IDAT chunks cut from `compressed` and IEND in one buffer,
 * copying the compressed data once.
 */
function assemble(ihdr: Uint8Array, compressed: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const piece of compressed) total += piece.length;
  const idatCount = Math.max(1, Math.ceil(total / PNG_WRITE_IDAT_BYTES));
  const out = new Uint8Array(PNG_SIGNATURE.length + (12 + 13) + idatCount * 12 + total + 12);
  out.set(PNG_SIGNATURE, 0);
  let at = writeChunk(out, PNG_SIGNATURE.length, "IHDR", [ihdr]);
  let piece = 0;
  let within = 0; // bytes of compressed[piece] already placed
  for (let k = 0; k < idatCount; k++) {
    let need = Math.min(PNG_WRITE_IDAT_BYTES, total - k * PNG_WRITE_IDAT_BYTES);
    const parts: Uint8Array[] = [];
    while (need > 0) {
      const source = compressed[piece]!;
      const take = Math.min(need, source.length - within);
      parts.push(source.subarray(within, within + take));
      within += take;
      need -= take;
      if (within === source.length) {
        piece++;
        within = 0;
      }
    }
    at = writeChunk(out, at, "IDAT", parts);
  }
  at = writeChunk(out, at, "IEND", []);
  if (at !== out.length) throw new PlicoError("internal", "PNG layout size mismatch");
  return out;
}

/** Writes one chunk (length, type, data, CRC over type and data) at `at`; returns its end. */
function writeChunk(out: Uint8Array, at: number, type: string, parts: Uint8Array[]): number {
  let length = 0;
  for (const p of parts) length += p.length;
  out.set(u32be(length), at);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  let cursor = at + 8;
  for (const p of parts) {
    out.set(p, cursor);
    cursor += p.length;
  }
  out.set(u32be(crc32(out.subarray(at + 4, cursor))), cursor);
  return cursor + 4;
}
