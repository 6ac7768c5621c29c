/**
 * Hand-built PNG files for the strictness tests: any chunk sequence, with correct or broken
 * CRCs, compressed with `node:zlib` (an implementation independent of the one under test).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import zlib from "node:zlib";
import { crc32 } from "../../domain/crc32.ts";

/** The PNG signature. */
export const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A chunk to lay out; `crc` overrides the computed CRC, `length` the stated length. */
export interface ChunkSpec {
  readonly type: string;
  readonly data?: Uint8Array;
  readonly crc?: number;
  readonly length?: number;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, false);
  return out;
}

/** One chunk's bytes. */
export function chunkBytes(spec: ChunkSpec): Uint8Array {
  const data = spec.data ?? new Uint8Array(0);
  const type = new TextEncoder().encode(spec.type);
  const out = new Uint8Array(12 + data.length);
  out.set(u32(spec.length ?? data.length), 0);
  out.set(type, 4);
  out.set(data, 8);
  out.set(u32(spec.crc ?? crc32(type, data)), 8 + data.length);
  return out;
}

/** A file: the signature followed by `chunks`. */
export function buildPng(chunks: readonly ChunkSpec[]): Uint8Array {
  const parts = [new Uint8Array(SIGNATURE), ...chunks.map(chunkBytes)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** IHDR data. */
export function ihdr(
  width: number,
  height: number,
  bitDepth = 8,
  colourType = 2,
  interlace = 0,
): Uint8Array {
  const out = new Uint8Array(13);
  out.set(u32(width), 0);
  out.set(u32(height), 4);
  out.set([bitDepth, colourType, 0, 0, interlace], 8);
  return out;
}

/** zlib compression by node:zlib. */
export function zlibCompress(data: Uint8Array, level = 6): Uint8Array {
  return new Uint8Array(zlib.deflateSync(data, { level }));
}

/**
 * zlib stream of `totalBytes` zero bytes, produced piece by piece so that the test process
 * itself never holds the inflated size in memory.
 */
export function zlibZeros(totalBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const deflate = zlib.createDeflate({ level: 9 });
    const pieces: Buffer[] = [];
    deflate.on("data", (piece: Buffer) => pieces.push(piece));
    deflate.on("error", reject);
    deflate.on("end", () => resolve(new Uint8Array(Buffer.concat(pieces))));
    const block = Buffer.alloc(1 << 20);
    let left = totalBytes;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(block.length, left);
        left -= n;
        if (!deflate.write(n === block.length ? block : block.subarray(0, n))) {
          deflate.once("drain", pump);
          return;
        }
      }
      deflate.end();
    };
    pump();
  });
}

/** Scanlines of a plain (non-interlaced) image: filter byte 0 then `rowBytes` bytes each. */
export function unfilteredScanlines(
  rows: number,
  rowBytes: number,
  fill = (i: number) => i,
): Uint8Array {
  const out = new Uint8Array(rows * (rowBytes + 1));
  let i = 0;
  for (let r = 0; r < rows; r++) {
    out[r * (rowBytes + 1)] = 0;
    for (let b = 0; b < rowBytes; b++) out[r * (rowBytes + 1) + 1 + b] = fill(i++) & 0xff;
  }
  return out;
}

/** A minimal valid 8-bit RGB PNG of `width` × `height` with the given extra chunks before IDAT. */
export function validPng(width = 4, height = 3, extra: readonly ChunkSpec[] = []): Uint8Array {
  return buildPng([
    { type: "IHDR", data: ihdr(width, height) },
    ...extra,
    { type: "IDAT", data: zlibCompress(unfilteredScanlines(height, width * 3)) },
    { type: "IEND" },
  ]);
}
