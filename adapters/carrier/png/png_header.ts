/**
 * The IHDR chunk (PNG spec §11.2.2) and the image geometry it implies: bytes per row, the
 * Adam7 passes and the exact size of the decompressed image data. All checks against the
 * limits happen here, before a single byte is decompressed.
 *
 * @module
 */

import { corruptPng, pngTooLarge } from "../../../domain/carrier/mod.ts";
import { PNG_MAX_DIMENSION_PX, PNG_MAX_PIXELS, PNG_MAX_RAW_BYTES } from "../../../domain/limits.ts";

/** PNG colour types (PNG spec §6.1). */
export const COLOUR_GREY = 0;
export const COLOUR_RGB = 2;
export const COLOUR_PALETTE = 3;
export const COLOUR_GREY_ALPHA = 4;
export const COLOUR_RGBA = 6;

/** Allowed bit depths for each colour type (PNG spec table 11.1). */
const ALLOWED_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  [COLOUR_GREY]: [1, 2, 4, 8, 16],
  [COLOUR_RGB]: [8, 16],
  [COLOUR_PALETTE]: [1, 2, 4, 8],
  [COLOUR_GREY_ALPHA]: [8, 16],
  [COLOUR_RGBA]: [8, 16],
};

/** Samples per pixel as stored, by colour type. */
const STORED_CHANNELS: Readonly<Record<number, number>> = {
  [COLOUR_GREY]: 1,
  [COLOUR_RGB]: 3,
  [COLOUR_PALETTE]: 1,
  [COLOUR_GREY_ALPHA]: 2,
  [COLOUR_RGBA]: 4,
};

/** The validated fields of IHDR. */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly interlaced: boolean;
}

/** One sub-image of the scan: the whole image, or one of the seven Adam7 passes. */
export interface Pass {
  /** First column and row of the pass in the image, and the steps between its pixels. */
  readonly x0: number;
  readonly y0: number;
  readonly dx: number;
  readonly dy: number;
  /** Size of the sub-image in pixels; a pass with no pixels has no rows in the data stream. */
  readonly width: number;
  readonly height: number;
}

/** Adam7 pass origins and steps (PNG spec §8.2). */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Parses and validates IHDR's 13 bytes against the spec and Plico's limits. */
export function parseHeader(data: Uint8Array): PngHeader {
  if (data.length !== 13) throw corruptPng(`IHDR has ${data.length} bytes, expected 13`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(0, false);
  const height = view.getUint32(4, false);
  const [bitDepth, colourType, compression, filter, interlace] = data.subarray(8);
  if (width === 0 || height === 0) throw corruptPng("zero width or height");
  if (width > 0x7fff_ffff || height > 0x7fff_ffff) throw corruptPng("dimension above 2^31-1");
  const depths = ALLOWED_DEPTHS[colourType!];
  if (depths === undefined) throw corruptPng(`unknown colour type ${colourType}`);
  if (!depths.includes(bitDepth!)) {
    throw corruptPng(`bit depth ${bitDepth} is not allowed with colour type ${colourType}`);
  }
  if (compression !== 0) throw corruptPng(`unknown compression method ${compression}`);
  if (filter !== 0) throw corruptPng(`unknown filter method ${filter}`);
  if (interlace !== 0 && interlace !== 1) throw corruptPng(`unknown interlace method ${interlace}`);
  if (width > PNG_MAX_DIMENSION_PX || height > PNG_MAX_DIMENSION_PX) {
    throw pngTooLarge(`${width}x${height} exceeds ${PNG_MAX_DIMENSION_PX} pixels per side`);
  }
  if (width * height > PNG_MAX_PIXELS) {
    throw pngTooLarge(`${width}x${height} has more than ${PNG_MAX_PIXELS} pixels`);
  }
  const header = {
    width,
    height,
    bitDepth: bitDepth!,
    colourType: colourType!,
    interlaced: interlace === 1,
  };
  const raw = rawDataBytes(header);
  if (raw > PNG_MAX_RAW_BYTES) {
    throw pngTooLarge(`image data would decompress to ${raw} bytes, limit is ${PNG_MAX_RAW_BYTES}`);
  }
  return header;
}

/** Samples per pixel as stored in the file. */
export function storedChannels(header: PngHeader): number {
  return STORED_CHANNELS[header.colourType]!;
}

/** Bytes per complete pixel, rounded up to 1: the filter's "bpp" (PNG spec §7.3). */
export function filterStride(header: PngHeader): number {
  return Math.max(1, (storedChannels(header) * header.bitDepth) >> 3);
}

/** Bytes of one scanline of `width` pixels, filter byte excluded. */
export function rowBytes(header: PngHeader, width: number): number {
  return Math.ceil((width * storedChannels(header) * header.bitDepth) / 8);
}

/** The passes of the scan: one for a plain image, seven (some possibly empty) for Adam7. */
export function passes(header: PngHeader): Pass[] {
  if (!header.interlaced) {
    return [{ x0: 0, y0: 0, dx: 1, dy: 1, width: header.width, height: header.height }];
  }
  return ADAM7.map(([x0, y0, dx, dy]) => ({
    x0,
    y0,
    dx,
    dy,
    width: Math.max(0, Math.ceil((header.width - x0) / dx)),
    height: Math.max(0, Math.ceil((header.height - y0) / dy)),
  }));
}

/** Exact size of the decompressed image data: every row of every non-empty pass plus its filter byte. */
export function rawDataBytes(header: PngHeader): number {
  let total = 0;
  for (const pass of passes(header)) {
    if (pass.width === 0 || pass.height === 0) continue;
    total += pass.height * (1 + rowBytes(header, pass.width));
  }
  return total;
}
