/**
 * Envelope sizes must not fall on Padmé's sparse lattice (PROTOCOL-envelope §11): the random
 * extra padding spreads them over every integer. These are statistical tests over many seals,
 * but with a fixed seed: the same lengths every run, so they cannot be flaky. The critical
 * values are for p = 10^-6, so a correct implementation passes for almost any seed too.
 *
 * The layout comes from the real encoder (`createPackageEncoder`): only the sizes are given,
 * so no megabytes are encrypted.
 */

import assert from "node:assert/strict";
import { maxExtraPadding, padme } from "../../../domain/padding.ts";
import { createPackageEncoder } from "../../../domain/package/package_encoder.ts";
import type { RandomPort } from "../../../domain/ports.ts";
import { seededRandom } from "../../support/seeded_random.ts";

/** The layout of a package with `size` bytes of attachment and a short text. */
function layout(size: number, random: RandomPort) {
  return createPackageEncoder({
    text: "hi",
    attachments: [{ name: "report.pdf", mediaType: "application/pdf", size }],
  }, random).layout;
}

/** Pearson's chi-square statistic of `counts` against a uniform expectation. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

function uniformBelow(r: RandomPort, n: number): number {
  const b = r.randomBytes(4);
  return ((b[0]! << 24 >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!) % n;
}

Deno.test("the extra padding of one package is uniform over [0, ⌊padme(L) / 16⌋]", () => {
  const random = seededRandom("extra padding is uniform");
  const size = 1_000_000;
  const first = layout(size, random);
  const max = maxExtraPadding(first.padmeBytes);
  assert.ok(max > 60_000, `a 1 MB package may grow by up to ${max} bytes`);
  const bins = new Array(20).fill(0);
  const seen = new Set<number>();
  for (let i = 0; i < 4000; i++) {
    const l = layout(size, random);
    assert.equal(l.padmeBytes, padme(l.unpaddedBytes));
    assert.ok(l.extraBytes >= 0 && l.extraBytes <= max);
    assert.equal(l.paddedBytes, l.padmeBytes + l.extraBytes);
    bins[Math.floor((l.extraBytes * bins.length) / (max + 1))]++;
    seen.add(l.paddedBytes);
  }
  // 19 degrees of freedom: p = 10^-6 at about 58.
  const statistic = chiSquare(bins);
  assert.ok(statistic < 58, `chi-square ${statistic.toFixed(1)} over ${bins}`);
  // 4000 uniform draws over about 65,000 values repeat about 120 times (birthday bound).
  assert.ok(seen.size > 3800, `only ${seen.size} distinct lengths in 4000 seals`);
});

Deno.test("envelope lengths do not fall on a lattice: their low bits are uniform", () => {
  // Padmé alone makes every length near 1 MB a multiple of 16 KiB or 32 KiB. With the extra,
  // the length modulo 4096 must be uniform over random messages of varying size.
  const random = seededRandom("lengths leave the Padmé lattice");
  const bins = new Array(32).fill(0);
  let overhead = 0;
  const runs = 6400;
  for (let i = 0; i < runs; i++) {
    const size = 900_000 + uniformBelow(random, 200_000);
    const l = layout(size, random);
    bins[Math.floor((l.paddedBytes % 4096) / 128)]++;
    overhead += (l.paddedBytes - l.unpaddedBytes) / l.unpaddedBytes;
  }
  // 31 degrees of freedom: p = 10^-6 at about 80.
  const statistic = chiSquare(bins);
  assert.ok(statistic < 80, `chi-square ${statistic.toFixed(1)} over ${bins}`);
  // Cost (PROTOCOL-envelope §11): Padmé at most 12 %, the extra at most 1/16 of that.
  const mean = overhead / runs;
  assert.ok(mean < 0.12 + 1 / 16, `mean overhead ${(100 * mean).toFixed(2)} %`);
});

Deno.test("small packages spread too, and the extra never exceeds its bound", () => {
  const random = seededRandom("small packages");
  for (let size = 0; size < 3000; size += 7) {
    const l = layout(size, random);
    assert.ok(l.extraBytes <= Math.floor(padme(l.unpaddedBytes) / 16));
    assert.equal(l.paddingBytes, l.paddedBytes - l.unpaddedBytes);
  }
  // Below 16 bytes of Padmé length there is no room for an extra byte at all.
  assert.equal(maxExtraPadding(15), 0);
  assert.equal(maxExtraPadding(16), 1);
});
