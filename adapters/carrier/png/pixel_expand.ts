/**
 * Turns unfiltered scanlines into the carrier's raster (PROTOCOL-carrier §1): samples widened to 8
 * bits when the file has 1, 2 or 4 (greyscale scaled by bit replication, e.g. 1 → 255), palettes
 * looked up to RGB, and transparency (tRNS) turned into a real alpha channel so that re-encoding
 * renders identically — a single transparent colour could otherwise be hit by a changed low bit.
 *
 * @module
 */

import { type Channels, corruptPng, type RasterImage } from "../../../domain/carrier/mod.ts";
import {
  COLOUR_GREY,
  COLOUR_PALETTE,
  COLOUR_RGB,
  type Pass,
  type PngHeader,
  rowBytes,
  storedChannels,
} from "./png_header.ts";

/** The colour tables the header chunks supplied. */
export interface ColourTables {
  /** PLTE entries, 3 bytes each (palette images only). */
  readonly palette: Uint8Array | null;
  /** tRNS data as stored, or null when absent. */
  readonly transparency: Uint8Array | null;
}

/** Allocates the raster the decoded samples go to. */
export function allocateRaster(header: PngHeader, tables: ColourTables): RasterImage {
  const channels = outputChannels(header, tables);
  const bitDepth = header.bitDepth === 16 ? 16 : 8;
  const count = header.width * header.height * channels;
  const samples = bitDepth === 16 ? new Uint16Array(count) : new Uint8Array(count);
  return { width: header.width, height: header.height, channels, bitDepth, samples };
}

function outputChannels(header: PngHeader, tables: ColourTables): Channels {
  const trns = tables.transparency !== null;
  switch (header.colourType) {
    case COLOUR_GREY:
      return trns ? 2 : 1;
    case COLOUR_RGB:
    case COLOUR_PALETTE:
      return trns ? 4 : 3;
    default:
      return storedChannels(header) as Channels;
  }
}

/**
 * Writes the pixels of one pass, whose unfiltered scanlines (each after its filter byte) start
 * at `start` in `data`, into `image`.
 */
export function expandPass(
  header: PngHeader,
  tables: ColourTables,
  pass: Pass,
  data: Uint8Array,
  start: number,
  image: RasterImage,
): void {
  const stored = storedChannels(header);
  const rowLength = rowBytes(header, pass.width);
  const out = image.samples;
  const outChannels = image.channels;
  const depth = header.bitDepth;
  const plainCopy = depth === 8 && outChannels === stored && header.colourType !== COLOUR_PALETTE;

  // Transparent colour of grey/RGB images, masked to the bit depth (PNG spec §11.3.2.1).
  const key = transparentKey(header, tables);
  const max = depth === 16 ? 0xffff : 0xff;
  const scale = depth < 8 ? 255 / ((1 << depth) - 1) : 1;
  const palette = tables.palette;
  const paletteEntries = palette === null ? 0 : palette.length / 3;
  const paletteAlpha = header.colourType === COLOUR_PALETTE ? tables.transparency : null;

  for (let j = 0; j < pass.height; j++) {
    const row = start + j * (rowLength + 1) + 1;
    const y = pass.y0 + j * pass.dy;
    if (plainCopy && pass.dx === 1) {
      out.set(data.subarray(row, row + rowLength), y * header.width * outChannels);
      continue;
    }
    const read = (i: number, c: number): number => {
      if (depth === 8) return data[row + i * stored + c]!;
      if (depth === 16) {
        const at = row + 2 * (i * stored + c);
        return (data[at]! << 8) | data[at + 1]!;
      }
      const bit = i * depth;
      return (data[row + (bit >>> 3)]! >>> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    };
    for (let i = 0; i < pass.width; i++) {
      const dst = (y * header.width + pass.x0 + i * pass.dx) * outChannels;
      if (header.colourType === COLOUR_PALETTE) {
        const index = read(i, 0);
        if (index >= paletteEntries) {
          throw corruptPng(`palette index ${index} out of range (${paletteEntries} entries)`);
        }
        out[dst] = palette![3 * index]!;
        out[dst + 1] = palette![3 * index + 1]!;
        out[dst + 2] = palette![3 * index + 2]!;
        if (outChannels === 4) {
          out[dst + 3] = index < paletteAlpha!.length ? paletteAlpha![index]! : 255;
        }
      } else if (header.colourType === COLOUR_GREY) {
        const v = read(i, 0);
        out[dst] = v * scale;
        if (outChannels === 2) out[dst + 1] = v === key[0] ? 0 : max;
      } else if (header.colourType === COLOUR_RGB && outChannels === 4) {
        const r = read(i, 0);
        const g = read(i, 1);
        const b = read(i, 2);
        out[dst] = r;
        out[dst + 1] = g;
        out[dst + 2] = b;
        out[dst + 3] = r === key[0] && g === key[1] && b === key[2] ? 0 : max;
      } else {
        for (let c = 0; c < stored; c++) out[dst + c] = read(i, c);
      }
    }
  }
}

/** The transparent grey level or RGB colour of a grey/RGB image, or [-1] when none. */
function transparentKey(header: PngHeader, tables: ColourTables): number[] {
  const t = tables.transparency;
  if (t === null || header.colourType === COLOUR_PALETTE) return [-1];
  const mask = header.bitDepth === 16 ? 0xffff : (1 << header.bitDepth) - 1;
  const key: number[] = [];
  for (let k = 0; k + 1 < t.length; k += 2) key.push(((t[k]! << 8) | t[k + 1]!) & mask);
  return key;
}
