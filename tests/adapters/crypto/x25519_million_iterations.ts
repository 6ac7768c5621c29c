/**
 * RFC 7748 §5.2's 1,000,000-iteration X25519 check, too slow for the test suite: about 15
 * minutes on these machines (895 s when it last passed). Run it by hand:
 *
 *   deno run --frozen --allow-read tests/adapters/crypto/x25519_million_iterations.ts
 *
 * Prints the result and exits 1 on a mismatch.
 *
 * @module
 */

import { toHex } from "../../../domain/bytes.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { loadVectors } from "./vectors.ts";

const MILLION = 1_000_000;
const target = loadVectors("x25519_iterated.json").cases.find((v) => v.iterations === MILLION);
if (!target) throw new Error("x25519_iterated.json has no 1,000,000-iteration case");

const port = createCrypto();
let k: Uint8Array = new Uint8Array(32);
k[0] = 9;
let u: Uint8Array = k.slice();
const started = performance.now();
for (let i = 1; i <= MILLION; i++) {
  const next = port.x25519(k, u);
  u = k;
  k = next;
  if (i % 100_000 === 0) {
    console.error(`${i} iterations, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}
const ok = toHex(k) === toHex(target.output);
console.log(
  `${toHex(k)} ${ok ? "matches" : "DOES NOT match"} RFC 7748 5.2 after 1,000,000 iterations`,
);
if (!ok) Deno.exit(1);
