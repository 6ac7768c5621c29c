/**
 * Strict PNG decoding (PNG spec, PROTOCOL-carrier §1). Accepts every standard colour type and bit
 * depth, interlaced or not, and refuses anything malformed with a message naming the failed check:
 * chunk framing and CRCs (`png_chunks.ts`), IHDR and the limits (`png_header.ts`), chunk order
 * and critical chunks (here), the exact decompressed size (`zlib_stream.ts`), filter types and
 * palette indices. Ancillary chunks are checked for framing only and then dropped.
 *
 * @module
 */

import { corruptPng, type RasterImage } from "../../../domain/carrier/mod.ts";
import { isCritical, readChunks } from "./png_chunks.ts";
import {
  COLOUR_GREY,
  COLOUR_GREY_ALPHA,
  COLOUR_PALETTE,
  COLOUR_RGB,
  filterStride,
  parseHeader,
  passes,
  type PngHeader,
  rawDataBytes,
  rowBytes,
} from "./png_header.ts";
import { unfilterRows } from "./png_filters.ts";
import { allocateRaster, type ColourTables, expandPass } from "./pixel_expand.ts";
import { inflateExact } from "./zlib_stream.ts";

/** The structural content of a PNG file before decompression. */
export interface PngStructure {
  readonly header: PngHeader;
  readonly tables: ColourTables;
  /** Data of the IDAT chunks, in order (views into the file). */
  readonly idat: readonly Uint8Array[];
}

/** Checks the chunk sequence and collects what decoding needs, without decompressing. */
function readStructure(file: Uint8Array): PngStructure {
  const chunks = readChunks(file);
  const first = chunks[0]!;
  if (first.type !== "IHDR") throw corruptPng(`first chunk is ${first.type}, not IHDR`);
  const header = parseHeader(first.data);

  let palette: Uint8Array | null = null;
  let transparency: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  let idatClosed = false;
  for (const chunk of chunks.slice(1)) {
    const { type, data } = chunk;
    if (type === "IDAT") {
      if (idatClosed) throw corruptPng("IDAT chunks are not consecutive");
      idat.push(data);
      continue;
    }
    if (idat.length > 0) idatClosed = true;
    switch (type) {
      case "IHDR":
        throw corruptPng("more than one IHDR chunk");
      case "PLTE":
        if (idat.length > 0) throw corruptPng("PLTE after IDAT");
        if (palette !== null) throw corruptPng("more than one PLTE chunk");
        if (transparency !== null) throw corruptPng("PLTE after tRNS");
        palette = checkPalette(header, data);
        break;
      case "tRNS":
        if (idat.length > 0) throw corruptPng("tRNS after IDAT");
        if (transparency !== null) throw corruptPng("more than one tRNS chunk");
        transparency = checkTransparency(header, palette, data);
        break;
      case "IEND":
        if (data.length !== 0) throw corruptPng("IEND chunk is not empty");
        break;
      default:
        if (isCritical(type)) throw corruptPng(`unknown critical chunk ${type}`);
    }
  }
  if (idat.length === 0) throw corruptPng("no IDAT chunk");
  if (header.colourType === COLOUR_PALETTE && palette === null) {
    throw corruptPng("palette image without PLTE chunk");
  }
  // A suggested palette in an RGB image is not needed to render it.
  if (header.colourType !== COLOUR_PALETTE) palette = null;
  return { header, tables: { palette, transparency }, idat };
}

/** Decodes a PNG file into samples (see `pixel_expand.ts` for the sample format). */
export async function decodePng(file: Uint8Array): Promise<RasterImage> {
  const { header, tables, idat } = readStructure(file);
  const raw = await inflateExact(idat, rawDataBytes(header));
  const image = allocateRaster(header, tables);
  const stride = filterStride(header);
  let start = 0;
  for (const pass of passes(header)) {
    if (pass.width === 0 || pass.height === 0) continue;
    const length = rowBytes(header, pass.width);
    unfilterRows(raw, start, pass.height, length, stride);
    expandPass(header, tables, pass, raw, start, image);
    start += pass.height * (length + 1);
  }
  return image;
}

function checkPalette(header: PngHeader, data: Uint8Array): Uint8Array {
  if (header.colourType === COLOUR_GREY || header.colourType === COLOUR_GREY_ALPHA) {
    throw corruptPng("PLTE in a greyscale image");
  }
  if (data.length === 0 || data.length % 3 !== 0 || data.length > 3 * 256) {
    throw corruptPng(`PLTE has ${data.length} bytes, not 3 × (1 to 256) entries`);
  }
  if (header.colourType === COLOUR_PALETTE && data.length / 3 > 2 ** header.bitDepth) {
    throw corruptPng(`PLTE has more entries than bit depth ${header.bitDepth} can index`);
  }
  return data;
}

function checkTransparency(
  header: PngHeader,
  palette: Uint8Array | null,
  data: Uint8Array,
): Uint8Array {
  switch (header.colourType) {
    case COLOUR_PALETTE:
      if (palette === null) throw corruptPng("tRNS before PLTE");
      if (data.length > palette.length / 3) throw corruptPng("tRNS has more entries than PLTE");
      return data;
    case COLOUR_GREY:
      if (data.length !== 2) throw corruptPng(`tRNS has ${data.length} bytes, expected 2`);
      return data;
    case COLOUR_RGB:
      if (data.length !== 6) throw corruptPng(`tRNS has ${data.length} bytes, expected 6`);
      return data;
    default:
      throw corruptPng("tRNS in an image that already has an alpha channel");
  }
}
