/**
 * Child-process half of `peakRssGrowthInChild` (memory_probe.ts): runs ONE named scenario in a
 * process of its own and prints `{ "growth": bytes, "error": message }` as one JSON line.
 *
 * Why a process of its own: `deno test --parallel` runs test modules as isolates of one process,
 * so a sibling's Argon2id (64–256 MiB) would land in the same RSS figure. Here the process
 * holds nothing but this scenario. Inputs are built before the baseline is taken.
 *
 * @module
 */

import { inflateExact } from "../../adapters/carrier/png/zlib_stream.ts";
import { decodePng } from "../../adapters/carrier/png/png_decoder.ts";
import { buildPng, ihdr, zlibZeros } from "./carrier_png_builder.ts";

type Scenario = () => Promise<() => Promise<unknown>>;

/** Splits `data` into pieces of `size` bytes, as a PNG's IDAT chunks may be. */
function pieces(data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += size) out.push(data.subarray(at, at + size));
  return out;
}

const SCENARIOS: Record<string, Scenario> = {
  /** 100 MB of zeros in ~100 KB of zlib, against an expected 3 MB. */
  "zlib-bomb": async () => {
    const parts = pieces(await zlibZeros(100_000_000), 8192);
    return () => inflateExact(parts, 3_000_000);
  },
  /** The same bomb behind 1000×1000 RGB dimensions (3 001 000 bytes with filter bytes). */
  "png-bomb": async () => {
    const file = buildPng([
      { type: "IHDR", data: ihdr(1000, 1000) },
      { type: "IDAT", data: await zlibZeros(100_000_000) },
      { type: "IEND" },
    ]);
    return () => decodePng(file);
  },
};

const gc = (globalThis as { gc?: () => void }).gc;
const name = Deno.args[0] ?? "";
const scenario = SCENARIOS[name];
if (scenario === undefined) {
  console.error(`unknown scenario ${JSON.stringify(name)}; known: ${Object.keys(SCENARIOS)}`);
  Deno.exit(2);
}
const work = await scenario();
gc?.();
const before = Deno.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 1);
let error = "";
try {
  await work();
} catch (e) {
  error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
} finally {
  clearInterval(sampler);
}
peak = Math.max(peak, Deno.memoryUsage().rss);
console.log(JSON.stringify({ growth: peak - before, error }));
