/**
 * Carrier throughput: hides a 10 MiB envelope in a generated cover and reads it back, timing
 * `embedInPng` (cover generation, random fill, embedding, PNG encoding) and `extractFromPng`
 * (strict PNG decoding, extraction). Throughput is in MB (10^6 bytes) of envelope per second.
 *
 *   deno run --frozen --allow-all scripts/bench/carrier_bench.ts
 *
 * @module
 */

import { embedInPng, extractFromPng } from "../../adapters/carrier/png_carrier.ts";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { MiB } from "../../domain/limits.ts";

/** Envelope size of the benchmark, in bytes. */
export const CARRIER_BENCH_ENVELOPE_BYTES = 10 * MiB;

/** Embeds and extracts one 10 MiB envelope; returns MB of envelope per second for each. */
export async function runCarrierBench(): Promise<{ embedMBps: number; extractMBps: number }> {
  const crypto = createCrypto();
  const key = systemRandom.randomBytes(32);
  const envelope = systemRandom.randomBytes(CARRIER_BENCH_ENVELOPE_BYTES);

  let started = performance.now();
  const png = await embedInPng(null, envelope, key, crypto, systemRandom);
  const embedSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const back = await extractFromPng(png, key, crypto);
  const extractSeconds = (performance.now() - started) / 1000;

  if (back.length !== envelope.length || !back.every((b, i) => b === envelope[i])) {
    throw new Error("carrier bench: the extracted envelope differs from the embedded one");
  }
  const megabytes = envelope.length / 1e6;
  return {
    embedMBps: round(megabytes / embedSeconds),
    extractMBps: round(megabytes / extractSeconds),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (import.meta.main) {
  const result = await runCarrierBench();
  console.error(
    `carrier: embed ${result.embedMBps} MB/s, extract ${result.extractMBps} MB/s ` +
      `(${CARRIER_BENCH_ENVELOPE_BYTES / MiB} MiB envelope, generated cover)`,
  );
  console.log(JSON.stringify(result));
}
