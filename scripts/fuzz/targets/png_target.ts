/**
 * Fuzz target `png`: `extractFromPng` and `pngCapacity` on mutated PNG files. Seeds are carrier
 * images made by `embedInPng` from covers of every colour type and bit depth (built here with
 * node:zlib, an implementation independent of the decoder under test) and from a generated
 * cover, plus the bare covers. Besides byte mutations there are chunk-aware ones that keep the
 * CRC valid so the decoder's deeper checks are reached: edited chunk data (IHDR fields at their
 * extremes), stated lengths, dropped, repeated, reordered and foreign chunks, and IDAT streams
 * whose scanlines (filter bytes included) were changed and recompressed.
 *
 * Extraction from a mutated carrier may succeed (the payload bits carry no MAC; the envelope's
 * own AEAD catches changes), but the stated length is authenticated, so a result must have the
 * embedded length; from a bare cover nothing may be extracted. Stateless.
 *
 * @module
 */

import zlib from "node:zlib";
import { embedInPng, extractFromPng, pngCapacity } from "../../../adapters/carrier/png_carrier.ts";
import { carrierKey } from "../../../application/carrier.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { systemRandom } from "../../../adapters/crypto/system_random.ts";
import {
  buildPng,
  type ChunkSpec,
  ihdr,
  unfilteredScanlines,
  zlibCompress,
} from "../../../tests/support/carrier_png_builder.ts";
import type { FuzzTarget } from "../fuzz_target.ts";
import { type Field, mutate } from "../mutate.ts";
import { createRng, type Rng } from "../prng.ts";

const IHDR_FIELDS: readonly Field[] = [
  { name: "width", offset: 0, size: 4 },
  { name: "height", offset: 4, size: 4 },
  { name: "bit_depth", offset: 8, size: 1 },
  { name: "colour_type", offset: 9, size: 1 },
  { name: "compression", offset: 10, size: 1 },
  { name: "filter", offset: 11, size: 1 },
  { name: "interlace", offset: 12, size: 1 },
];
const FOREIGN_TYPES = [
  "tEXt",
  "zTXt",
  "iCCP",
  "PLTE",
  "IDAT",
  "IEND",
  "IHDR",
  "abCD",
  "tRNS",
  "acTL",
];

interface Chunk {
  type: string;
  data: Uint8Array;
}

/** Chunks of a well-formed PNG (the seeds are). */
function chunksOf(png: Uint8Array): Chunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  for (let at = 8; at + 12 <= png.length;) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    chunks.push({ type, data: png.slice(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

function rebuild(chunks: readonly ChunkSpec[]): Uint8Array {
  return buildPng(chunks);
}

/** One chunk-aware mutation; CRCs stay valid unless the stated length is the point. */
function chunkMutation(rng: Rng, png: Uint8Array): { bytes: Uint8Array; op: string } {
  const chunks: ChunkSpec[] = chunksOf(png);
  const i = rng.below(chunks.length);
  const chunk = chunks[i] as Chunk;
  switch (rng.below(7)) {
    case 0: {
      const fields = chunk.type === "IHDR" ? IHDR_FIELDS : [];
      const m = mutate(rng, chunk.data, { fields, keepLength: rng.chance(0.7), maxBytes: 1 << 20 });
      chunks[i] = { type: chunk.type, data: m.bytes };
      return { bytes: rebuild(chunks), op: `chunk-data(${chunk.type}):${m.ops.join("+")}` };
    }
    case 1: {
      const ihdrAt = chunks.findIndex((c) => c.type === "IHDR");
      const data = chunks[ihdrAt]!.data!.slice();
      const m = mutate(rng, data, { fields: IHDR_FIELDS, keepLength: true }, 1);
      chunks[ihdrAt] = { type: "IHDR", data: m.bytes };
      return { bytes: rebuild(chunks), op: `ihdr:${m.ops.join("+")}` };
    }
    case 2: {
      const length = rng.pick([
        0,
        1,
        chunk.data.length + 1,
        chunk.data.length - 1,
        0x7fffffff,
        0xffffffff,
      ]);
      chunks[i] = { ...chunk, length: Math.max(0, length) };
      return { bytes: rebuild(chunks), op: `chunk-length(${chunk.type})` };
    }
    case 3: {
      const j = rng.below(chunks.length);
      const kind = rng.below(3);
      if (kind === 0) [chunks[i], chunks[j]] = [chunks[j]!, chunks[i]!];
      else if (kind === 1) chunks.splice(i, 1);
      else chunks.splice(i, 0, chunks[j]!);
      return { bytes: rebuild(chunks), op: ["chunk-swap", "chunk-drop", "chunk-dup"][kind]! };
    }
    case 4: {
      const type = rng.pick(FOREIGN_TYPES);
      chunks.splice(rng.below(chunks.length + 1), 0, { type, data: rng.bytes(rng.below(40)) });
      return { bytes: rebuild(chunks), op: `chunk-insert(${type})` };
    }
    case 5: {
      // Change the scanlines (filter bytes included) and recompress: valid zlib, odd pixels.
      const idat = chunks.filter((c) => c.type === "IDAT");
      const joined = new Uint8Array(idat.reduce((n, c) => n + c.data!.length, 0));
      let at = 0;
      for (const c of idat) {
        joined.set(c.data!, at);
        at += c.data!.length;
      }
      const raw = new Uint8Array(zlib.inflateSync(joined));
      const m = mutate(rng, raw, { keepLength: rng.chance(0.6), maxBytes: raw.length + 4096 });
      const first = chunks.findIndex((c) => c.type === "IDAT");
      const rest = chunks.filter((c) => c.type !== "IDAT");
      rest.splice(first, 0, { type: "IDAT", data: zlibCompress(m.bytes) });
      return { bytes: rebuild(rest), op: `scanlines:${m.ops.join("+")}` };
    }
    default: {
      // Damage the compressed stream itself, with a correct CRC.
      const at = chunks.findIndex((c) => c.type === "IDAT");
      const m = mutate(rng, chunks[at]!.data!, { maxBytes: 1 << 20 });
      chunks[at] = { type: "IDAT", data: m.bytes };
      return { bytes: rebuild(chunks), op: `zlib:${m.ops.join("+")}` };
    }
  }
}

/** Adam7 pass origins and steps (PNG §8.2). */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [
  0,
  1,
  1,
  2,
]];

/** Unfiltered scanlines of an interlaced 8-bit image with `channels` bytes per pixel. */
function interlacedScanlines(rng: Rng, w: number, h: number, channels: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [x0, y0, dx, dy] of ADAM7 as [number, number, number, number][]) {
    const pw = w > x0 ? Math.ceil((w - x0) / dx) : 0;
    const ph = h > y0 ? Math.ceil((h - y0) / dy) : 0;
    if (pw === 0 || ph === 0) continue;
    parts.push(unfilteredScanlines(ph, pw * channels, () => rng.u32()));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Covers of each colour type and bit depth, with pseudorandom pixels. */
function covers(rng: Rng): Uint8Array[] {
  const w = 48;
  const h = 40;
  const image = (depth: number, colour: number, rowBytes: number, extra: ChunkSpec[] = []) =>
    buildPng([
      { type: "IHDR", data: ihdr(w, h, depth, colour) },
      ...extra,
      { type: "IDAT", data: zlibCompress(unfilteredScanlines(h, rowBytes, () => rng.u32())) },
      { type: "IEND" },
    ]);
  return [
    image(8, 2, w * 3),
    image(8, 6, w * 4),
    image(8, 0, w),
    image(16, 0, w * 2),
    image(16, 2, w * 6),
    image(8, 4, w * 2),
    image(8, 3, w, [{ type: "PLTE", data: rng.bytes(256 * 3) }]),
    image(4, 0, w / 2),
    ...[[0, 1], [2, 3]].map(([colour, channels]) =>
      buildPng([
        { type: "IHDR", data: ihdr(w, h, 8, colour!, 1) },
        { type: "IDAT", data: zlibCompress(interlacedScanlines(rng, w, h, channels!)) },
        { type: "IEND" },
      ])
    ),
  ];
}

/** The target. */
export async function pngTarget(seed: string): Promise<FuzzTarget> {
  const crypto = createCrypto();
  const key = carrierKey(crypto, null);
  const fill = createRng(`${seed}/png/seeds`);
  const bare = covers(fill);
  const carriers: { png: Uint8Array; length: number }[] = [];
  for (const cover of bare) {
    const capacity = await pngCapacity(cover);
    const payload = fill.bytes(Math.min(300, capacity));
    carriers.push({
      png: await embedInPng(cover, payload, key, crypto, systemRandom),
      length: payload.length,
    });
  }
  const generated = fill.bytes(2402);
  carriers.push({
    png: await embedInPng(null, generated, key, crypto, systemRandom),
    length: generated.length,
  });
  // Splice donors are bare covers only: bits of a second carrier could make a valid carrier
  // of another length, which would look like a wrong result without being one.
  const donors = bare;

  return {
    name: "png",
    prepare(rng) {
      const fromCarrier = rng.chance(0.75);
      const carrier = fromCarrier ? rng.pick(carriers) : null;
      const base = carrier?.png ?? rng.pick(bare);
      let bytes: Uint8Array;
      let ops: string;
      if (rng.chance(0.6)) {
        const m = chunkMutation(rng, base);
        bytes = m.bytes;
        ops = m.op;
      } else {
        const m = mutate(rng, base, { donors });
        bytes = m.bytes;
        ops = m.ops.join("+");
      }
      const capacity = rng.chance(0.3);
      return Promise.resolve({
        ops: `${capacity ? "capacity" : "extract"} ${ops}`,
        run: () => capacity ? pngCapacity(bytes) : extractFromPng(bytes, key, crypto),
        verify(result) {
          if (capacity) {
            return Number.isSafeInteger(result) && (result as number) >= 0
              ? null
              : `capacity is not a count: ${String(result)}`;
          }
          const out = result as Uint8Array;
          if (carrier === null) return "extracted data from a cover that holds none";
          return out.length === carrier.length
            ? null
            : `extracted ${out.length} bytes, the carrier held ${carrier.length}`;
        },
      });
    },
    snapshot: () => "",
    close() {},
  };
}
