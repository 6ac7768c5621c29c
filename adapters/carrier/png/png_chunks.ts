/**
 * Splits a PNG file into chunks and checks their framing (PNG spec §5.3, PROTOCOL-carrier §1): the
 * signature, each length against the limits and against what is left of the file, the chunk
 * type's letters, every CRC, the chunk count, IEND last with nothing after it. Chunk semantics
 * (order, IHDR contents, palette) are the decoder's business.
 *
 * @module
 */

import { corruptPng, lossyFormat, notPng, pngTooLarge } from "../../../domain/carrier/mod.ts";
import {
  PNG_MAX_CHUNKS,
  PNG_MAX_FILE_BYTES,
  PNG_MAX_IDAT_CHUNK_BYTES,
  PNG_MAX_OTHER_CHUNK_BYTES,
} from "../../../domain/limits.ts";
import { crc32 } from "../../../domain/crc32.ts";
import { PNG_SIGNATURE, sniffFormat } from "./format_sniff.ts";

/** One chunk. `data` is a view into the file, not a copy. */
export interface PngChunk {
  /** Four ASCII letters, for example "IHDR". */
  readonly type: string;
  readonly data: Uint8Array;
  /** Offset of the chunk's length field in the file, for messages. */
  readonly offset: number;
}

/** The largest length the PNG spec allows (2^31 − 1). */
const SPEC_MAX_LENGTH = 0x7fff_ffff;

/** True for a chunk whose type starts with an upper-case letter (PNG spec §5.4). */
export function isCritical(type: string): boolean {
  return type.charCodeAt(0) < 0x61;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Every chunk of `file`, in order, up to and including IEND. Throws `carrier.error` with the
 * failed check named; never reads outside `file`.
 */
export function readChunks(file: Uint8Array): PngChunk[] {
  if (file.length > PNG_MAX_FILE_BYTES) {
    throw pngTooLarge(`file has ${file.length} bytes, limit is ${PNG_MAX_FILE_BYTES}`);
  }
  const sniffed = sniffFormat(file);
  if (sniffed.kind === "lossy") throw lossyFormat(sniffed.format);
  if (sniffed.kind === "truncated-png") throw corruptPng("truncated inside the signature");
  if (sniffed.kind !== "png") throw notPng();

  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (chunks.length === PNG_MAX_CHUNKS) {
      throw pngTooLarge(`more than ${PNG_MAX_CHUNKS} chunks`);
    }
    if (file.length - offset < 12) {
      throw corruptPng(
        offset === file.length ? "truncated: file ends before IEND" : "truncated chunk header",
      );
    }
    const length = view.getUint32(offset, false);
    const typeBytes = file.subarray(offset + 4, offset + 8);
    if (!typeBytes.every(isLetter)) {
      throw corruptPng(`invalid chunk type bytes at offset ${offset}`);
    }
    const type = String.fromCharCode(...typeBytes);
    if (length > SPEC_MAX_LENGTH) {
      throw corruptPng(`chunk ${type} declares ${length} bytes, above the PNG maximum of 2^31-1`);
    }
    const limit = type === "IDAT" ? PNG_MAX_IDAT_CHUNK_BYTES : PNG_MAX_OTHER_CHUNK_BYTES;
    if (length > limit) {
      throw pngTooLarge(`chunk ${type} declares ${length} bytes, limit is ${limit}`);
    }
    if (file.length - offset - 12 < length) {
      throw corruptPng(`truncated inside chunk ${type} at offset ${offset}`);
    }
    const data = file.subarray(offset + 8, offset + 8 + length);
    const stored = view.getUint32(offset + 8 + length, false);
    if (crc32(typeBytes, data) !== stored) throw corruptPng(`CRC mismatch in chunk ${type}`);
    // PNG spec §5.4: the third letter's case bit is reserved and must be 0 (upper case).
    if (typeBytes[2]! >= 0x61) throw corruptPng(`chunk ${type} has the reserved bit set`);
    chunks.push({ type, data, offset });
    offset += 12 + length;
    if (type === "IEND") break;
  }
  if (offset !== file.length) {
    throw corruptPng(`${file.length - offset} bytes of trailing data after IEND`);
  }
  return chunks;
}
