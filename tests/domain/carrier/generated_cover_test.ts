import assert from "node:assert/strict";
import {
  coverSizeFor,
  generateCover,
  GENERATED_COVER_MAX_ENVELOPE_BYTES,
} from "../../../domain/carrier/generated_cover.ts";
import { carrierCapacity } from "../../../domain/carrier/lsb_carrier.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { PNG_MAX_PIXELS } from "../../../domain/limits.ts";
import { seededRandom } from "../../support/seeded_random.ts";

Deno.test("coverSizeFor() gives sides in multiples of 16, at least 64, about 4:3, large enough", () => {
  for (const bytes of [0, 1, 500, 4000, 65_536, 1_000_000, 10 * 2 ** 20]) {
    const { width, height } = coverSizeFor(bytes);
    assert.equal(width % 16, 0);
    assert.equal(height % 16, 0);
    assert.ok(width >= 64 && height >= 64);
    assert.ok(width * height * 3 >= (bytes + 44) * 8, `${bytes}: ${width}x${height}`);
    if (bytes >= 65_536) assert.ok(Math.abs(width / height - 4 / 3) < 0.02);
  }
});

Deno.test("the largest envelope a generated cover takes fits, and one byte more is refused", () => {
  const { width, height } = coverSizeFor(GENERATED_COVER_MAX_ENVELOPE_BYTES);
  assert.ok(width * height <= PNG_MAX_PIXELS);
  assert.ok(GENERATED_COVER_MAX_ENVELOPE_BYTES > 20 * 2 ** 20, "well above 20 MiB");
  assert.throws(() => coverSizeFor(GENERATED_COVER_MAX_ENVELOPE_BYTES + 1), (e) => {
    assert.ok(isPlicoError(e, "carrier.error"));
    assert.match((e as Error).message, /envelope too large for a PNG carrier: at most \d+ bytes/);
    return true;
  });
});

Deno.test("generateCover() paints an RGB 8-bit cover with the capacity asked for", () => {
  for (const bytes of [0, 3000, 100_000]) {
    const cover = generateCover(bytes, seededRandom(`cover-${bytes}`));
    assert.deepEqual([cover.channels, cover.bitDepth], [3, 8]);
    assert.ok(carrierCapacity(cover) >= bytes);
  }
});

Deno.test("generateCover() is deterministic given its randomness and differs between seeds", () => {
  const a = generateCover(5000, seededRandom("same"));
  const b = generateCover(5000, seededRandom("same"));
  const c = generateCover(5000, seededRandom("other"));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.samples, c.samples);
});

Deno.test("generateCover() looks photo-like: smooth, grainy, not flat, not saturated", () => {
  const cover = generateCover(200_000, seededRandom("photo"));
  const { width, height, samples } = cover;
  let neighbourDiff = 0;
  let exactSame = 0;
  let clipped = 0;
  const histogram = new Uint32Array(256);
  for (let y = 0; y < height; y++) {
    for (let x = 1; x < width; x++) {
      const i = (y * width + x) * 3;
      const d = Math.abs(samples[i]! - samples[i - 3]!);
      neighbourDiff += d;
      if (d === 0) exactSame++;
    }
  }
  for (const v of samples) {
    histogram[v]!++;
    if (v === 0 || v === 255) clipped++;
  }
  const pairs = height * (width - 1);
  const mean = neighbourDiff / pairs;
  assert.ok(mean > 1 && mean < 6, `mean neighbour difference ${mean}`); // grain, yet smooth
  assert.ok(exactSame / pairs < 0.35, "not flat");
  assert.ok(clipped / samples.length < 0.01, "not saturated");
  assert.ok(histogram.filter((n) => n > 0).length > 60, "a spread of tones");
});
