import assert from "node:assert/strict";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { CARRIER_HEADER_BYTES } from "../../../domain/carrier/carrier_header.ts";
import { deriveCarrierKeys } from "../../../domain/carrier/carrier_keys.ts";
import { KeyedPermutation } from "../../../domain/carrier/keyed_permutation.ts";
import {
  carrierCapacity,
  embedInRaster,
  extractFromRaster,
} from "../../../domain/carrier/lsb_carrier.ts";
import type { Channels, RasterImage } from "../../../domain/carrier/raster_image.ts";
import { slotDomainSize, SlotWalker } from "../../../domain/carrier/sample_slots.ts";
import { toHex } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { referenceExtract } from "../../support/carrier_reference.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const crypto = createCrypto();
const key = seededRandom("lsb-key").randomBytes(32);

/** A smooth raster whose low bits are all 0 (the worst case for a balanced low-bit plane). */
function raster(channels: Channels, bitDepth: 8 | 16, width: number, height: number): RasterImage {
  const n = width * height * channels;
  const samples = bitDepth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  const max = bitDepth === 16 ? 0xffff : 0xff;
  for (let i = 0; i < n; i++) samples[i] = Math.floor((i * max) / n) & ~1;
  if (channels === 2 || channels === 4) {
    // Alpha: every seventh pixel fully transparent, the others partly or fully opaque.
    for (let p = 0; p < width * height; p++) {
      samples[p * channels + channels - 1] = p % 7 === 0 ? 0 : p % 3 === 0 ? max : max >> 1;
    }
  }
  return { width, height, channels, bitDepth, samples };
}

function copy(image: RasterImage): RasterImage {
  return { ...image, samples: image.samples.slice() };
}

function noData(e: unknown): boolean {
  return isPlicoError(e, "carrier.error") && /no Plico data found/.test((e as Error).message);
}

Deno.test("carrierCapacity() is floor(usable colour samples / 8) - 44", () => {
  assert.equal(carrierCapacity(raster(3, 8, 40, 30)), Math.floor((40 * 30 * 3) / 8) - 44);
  assert.equal(carrierCapacity(raster(1, 16, 40, 30)), Math.floor(1200 / 8) - 44);
  // 1200 pixels, of which every seventh (172) has alpha 0: 1028 visible pixels.
  assert.equal(carrierCapacity(raster(4, 8, 40, 30)), Math.floor((1028 * 3) / 8) - 44);
  assert.equal(carrierCapacity(raster(2, 8, 40, 30)), Math.floor(1028 / 8) - 44);
  assert.equal(carrierCapacity(raster(1, 8, 10, 10)), 0);
});

for (const channels of [1, 2, 3, 4] as const) {
  for (const bitDepth of [8, 16] as const) {
    Deno.test(`embedInRaster() then extractFromRaster() returns the envelope (${channels} channels, ${bitDepth}-bit)`, () => {
      const cover = raster(channels, bitDepth, 61, 47);
      const envelope = seededRandom(`env-${channels}-${bitDepth}`).randomBytes(
        carrierCapacity(cover),
      );
      const carrier = copy(cover);
      embedInRaster(carrier, envelope, key, crypto, seededRandom("fill"));
      assert.deepEqual(extractFromRaster(carrier, key, crypto), envelope);
      assert.deepEqual(referenceExtract(carrier, key), envelope, "readable from the spec alone");
      // Only low bits change; alpha samples and every sample of an invisible pixel stay put.
      const c = channels;
      for (let i = 0; i < cover.samples.length; i++) {
        const diff = cover.samples[i]! ^ carrier.samples[i]!;
        assert.ok(diff <= 1, `sample ${i} changed by more than its low bit`);
        const pixelAlpha = c % 2 === 0 ? cover.samples[i - (i % c) + c - 1] : 1;
        if ((c % 2 === 0 && i % c === c - 1) || pixelAlpha === 0) {
          assert.equal(diff, 0, `sample ${i}`);
        }
      }
    });
  }
}

Deno.test("extraction survives an editor rewriting the colour of invisible pixels", () => {
  const carrier = raster(4, 8, 50, 40);
  const envelope = seededRandom("invisible").randomBytes(300);
  embedInRaster(carrier, envelope, key, crypto, seededRandom("fill"));
  for (let p = 0; p < 2000; p++) {
    if (carrier.samples[p * 4 + 3] === 0) carrier.samples.set([1, 2, 3], p * 4);
  }
  assert.deepEqual(extractFromRaster(carrier, key, crypto), envelope);
});

Deno.test("extractFromRaster() finds no Plico data under another key, in a plain image or a tiny one", () => {
  const carrier = raster(3, 8, 50, 40);
  embedInRaster(carrier, new Uint8Array(100), key, crypto, seededRandom("fill"));
  assert.throws(
    () => extractFromRaster(carrier, seededRandom("x").randomBytes(32), crypto),
    noData,
  );
  const plain = raster(3, 8, 50, 40);
  plain.samples.set(seededRandom("noise").randomBytes(plain.samples.length));
  assert.throws(() => extractFromRaster(plain, key, crypto), noData);
  assert.equal(referenceExtract(plain, key), null);
  assert.throws(() => extractFromRaster(raster(1, 8, 10, 10), key, crypto), noData);
});

Deno.test("embedInRaster() refuses a cover too small, saying what fits and what is needed", () => {
  const cover = raster(3, 8, 40, 30); // capacity 406 bytes
  assert.throws(
    () => embedInRaster(cover, new Uint8Array(1000), key, crypto, seededRandom("fill")),
    (e) => {
      assert.ok(isPlicoError(e, "carrier.error"));
      assert.match(
        (e as Error).message,
        /cover too small: it can hold 406 bytes but the envelope has 1000; a cover of the same kind needs at least 2784 opaque pixels \(for example 53x53\)/,
      );
      return true;
    },
  );
  assert.equal(cover.samples.every((v) => (v & 1) === 0), true, "the cover is left untouched");
});

/** Chi-square statistic of `ones` ones among `total` fair coin flips (1 degree of freedom). */
function chiSquare(ones: number, total: number): number {
  const expected = total / 2;
  return ((ones - expected) ** 2 + (total - ones - expected) ** 2) / expected;
}

Deno.test("the low-bit plane of a carrier is balanced everywhere (chi-square per block)", () => {
  // A cover whose low bits are all 0 and an envelope using a tenth of the capacity: only the
  // random fill can balance the plane outside the payload.
  const carrier = raster(3, 8, 200, 150);
  const envelope = seededRandom("balanced").randomBytes(carrierCapacity(carrier) / 10 | 0);
  embedInRaster(carrier, envelope, key, crypto, seededRandom("fill"));
  const blocks = 16;
  const size = carrier.samples.length / blocks;
  let total = 0;
  for (let b = 0; b < blocks; b++) {
    let ones = 0;
    for (let i = b * size; i < (b + 1) * size; i++) ones += carrier.samples[i]! & 1;
    total += ones;
    // p = 0.0001 for one degree of freedom: a fair plane fails one of 16 blocks ~0.2 % of runs,
    // while an unfilled plane (all zeros outside the payload) fails every block by far.
    assert.ok(chiSquare(ones, size) < 15.14, `block ${b}: ${ones} ones of ${size}`);
  }
  assert.ok(chiSquare(total, carrier.samples.length) < 15.14);
});

Deno.test("without the key the header is not recognisable: its bits are uniform across carriers", () => {
  const cover = raster(3, 8, 48, 32);
  const counts = new Array(CARRIER_HEADER_BYTES * 8).fill(0);
  const runs = 400;
  const keys = deriveCarrierKeys(crypto, key);
  const fill = seededRandom("many-carriers");
  for (let run = 0; run < runs; run++) {
    const carrier = copy(cover);
    embedInRaster(carrier, new Uint8Array(16), key, crypto, fill);
    // Read the header slots the way extraction does (the test knows the key).
    const walker = new SlotWalker(
      carrier,
      new KeyedPermutation(crypto, keys.permutationKey, slotDomainSize(carrier)),
    );
    const slots = new Uint32Array(counts.length);
    walker.fill(slots);
    slots.forEach((s, bit) => counts[bit] += carrier.samples[s]! & 1);
  }
  // Every header bit is a fair coin across carriers: the sum of the per-bit chi-squares has
  // 352 degrees of freedom; its p = 0.0001 critical value is about 462.
  const statistic = counts.reduce((sum, ones) => sum + chiSquare(ones, runs), 0);
  assert.ok(statistic < 462, `chi-square ${statistic}`);
  assert.ok(counts.every((ones) => ones > runs * 0.3 && ones < runs * 0.7));
});

Deno.test("embedInRaster() is deterministic given its randomness (regression vector)", () => {
  const carrier = raster(3, 8, 32, 24);
  const envelope = new TextEncoder().encode("plico carrier vector");
  embedInRaster(
    carrier,
    envelope,
    new Uint8Array(32).fill(1),
    crypto,
    seededRandom("carrier-vector"),
  );
  assert.equal(toHex(crypto.sha256(carrier.samples as Uint8Array)), VECTOR_SHA256);
  assert.deepEqual(extractFromRaster(carrier, new Uint8Array(32).fill(1), crypto), envelope);
});

/** SHA-256 of the samples above; changes only with an incompatible change of the format. */
const VECTOR_SHA256 = "a701dd979f50720362952120f888bf3eef6d7b18bef61b9c0272c0f583380f23";
