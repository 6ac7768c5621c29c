import assert from "node:assert/strict";
import { GiB } from "../../domain/limits.ts";
import { padme } from "../../domain/padding.ts";
import { seededRandom } from "../support/seeded_random.ts";

Deno.test("padme gives the PURBs values for known lengths", () => {
  const known: [number, number][] = [
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [5, 5],
    [8, 8],
    [9, 10],
    [100, 104],
    [1000, 1024],
    [1024, 1024],
    [1025, 1088],
    [65_536, 65_536],
    [65_537, 67_584],
    [1_000_000, 1_015_808],
    [16 * GiB + 1, 16 * GiB + 2 ** 28],
  ];
  for (const [length, padded] of known) assert.equal(padme(length), padded, `padme(${length})`);
});

Deno.test("padme never shrinks, is idempotent and monotonic, and costs at most 12 %", () => {
  const r = seededRandom("padme");
  let previous = 0;
  for (let length = 0; length < 5000; length++) {
    const padded = padme(length);
    assert.ok(padded >= length && padded >= previous);
    assert.equal(padme(padded), padded);
    previous = padded;
  }
  for (let i = 0; i < 2000; i++) {
    const bytes = r.randomBytes(6);
    const length = bytes.reduce((v, b) => v * 256 + b, 0) % 2 ** 40 + 2;
    const padded = padme(length);
    assert.ok(padded >= length);
    assert.ok(padded - length <= length * 0.12, `${length} -> ${padded}`);
    assert.equal(padme(padded), padded);
  }
});

Deno.test("padme refuses lengths that are not safe non-negative integers", () => {
  for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) assert.throws(() => padme(bad), RangeError);
});
