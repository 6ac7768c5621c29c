/**
 * Generated covers (PROTOCOL-carrier §6): when the user gives no cover, Plico paints a photo-like
 * RGB 8-bit image just large enough for the envelope — a smooth two-colour gradient, three octaves
 * of soft value noise, and per-pixel grain like a camera sensor's. The grain matters: a
 * perfectly smooth image whose low bits are random would stand out more than a grainy one.
 * All randomness comes from the RandomPort (through a small seeded generator), so tests can
 * make covers deterministically.
 *
 * @module
 */

import { CARRIER_COVER_MIN_SIDE_PX, PNG_MAX_DIMENSION_PX, PNG_MAX_PIXELS } from "../limits.ts";
import type { RandomPort } from "../ports.ts";
import { CARRIER_HEADER_BYTES } from "./carrier_header.ts";
import { envelopeTooLargeForCarrier } from "./carrier_errors.ts";
import type { RasterImage } from "./raster_image.ts";

/** Dimensions of a generated cover. */
export interface CoverSize {
  readonly width: number;
  readonly height: number;
}

/** Largest envelope, in bytes, that a generated cover can hold within `PNG_MAX_PIXELS`. */
export const GENERATED_COVER_MAX_ENVELOPE_BYTES = Math.floor(
  coverSlots(largestCover()) / 8,
) - CARRIER_HEADER_BYTES;

/**
 * The size of a generated cover for `envelopeBytes`: 4:3, sides multiples of 16 pixels, each at
 * least `CARRIER_COVER_MIN_SIDE_PX`, with 3 slots (R, G, B) per pixel. Rounding up to multiples
 * of 16 blurs the exact envelope length a little and leaves some spare low bits.
 */
export function coverSizeFor(envelopeBytes: number): CoverSize {
  const slots = (CARRIER_HEADER_BYTES + envelopeBytes) * 8;
  const pixels = Math.ceil(slots / 3);
  const width = roundUp16(
    Math.max(CARRIER_COVER_MIN_SIDE_PX, Math.ceil(Math.sqrt(pixels * 4 / 3))),
  );
  const height = roundUp16(Math.max(CARRIER_COVER_MIN_SIDE_PX, Math.ceil(pixels / width)));
  if (
    width > PNG_MAX_DIMENSION_PX || height > PNG_MAX_DIMENSION_PX ||
    width * height > PNG_MAX_PIXELS
  ) {
    throw envelopeTooLargeForCarrier(GENERATED_COVER_MAX_ENVELOPE_BYTES);
  }
  return { width, height };
}

/** Paints a cover able to hold `envelopeBytes` (see the module comment). */
export function generateCover(envelopeBytes: number, random: RandomPort): RasterImage {
  const { width, height } = coverSizeFor(envelopeBytes);
  const rng = new Xoshiro128(random.randomBytes(16));
  const samples = new Uint8Array(width * height * 3);

  // Two base colours in mid tones and a random gradient direction.
  const from = [40 + rng.below(140), 40 + rng.below(140), 40 + rng.below(140)];
  const to = [40 + rng.below(140), 40 + rng.below(140), 40 + rng.below(140)];
  const angle = (rng.below(3600) / 3600) * 2 * Math.PI;
  const dx = Math.cos(angle) / width;
  const dy = Math.sin(angle) / height;
  const offset = Math.min(0, dx * width) + Math.min(0, dy * height);
  const span = Math.abs(dx * width) + Math.abs(dy * height);
  const tint = [0.8 + rng.below(40) / 100, 0.8 + rng.below(40) / 100, 0.8 + rng.below(40) / 100];

  const side = Math.max(width, height);
  const octaves = [
    new ValueNoise(rng, width, height, Math.max(8, side / 3), 38),
    new ValueNoise(rng, width, height, Math.max(4, side / 14), 14),
    new ValueNoise(rng, width, height, Math.max(2, side / 60), 5),
  ];
  const field = new Float32Array(width);
  let i = 0;
  for (let y = 0; y < height; y++) {
    field.fill(0);
    for (const octave of octaves) octave.addRow(y, field);
    for (let x = 0; x < width; x++) {
      const t = (x * dx + y * dy - offset) / span;
      const grain = rng.grain();
      for (let c = 0; c < 3; c++) {
        const base = from[c]! + (to[c]! - from[c]!) * t;
        const v = base + field[x]! * tint[c]! + grain + rng.grain() * 0.5;
        samples[i++] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  return { width, height, channels: 3, bitDepth: 8, samples };
}

function roundUp16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

function coverSlots(size: CoverSize): number {
  return size.width * size.height * 3;
}

/** The largest 4:3 cover within the pixel limit, sides multiples of 16. */
function largestCover(): CoverSize {
  let width = Math.floor(Math.sqrt(PNG_MAX_PIXELS * 4 / 3) / 16) * 16;
  width = Math.min(width, PNG_MAX_DIMENSION_PX);
  const height = Math.floor(Math.min(PNG_MAX_PIXELS / width, PNG_MAX_DIMENSION_PX) / 16) * 16;
  return { width, height };
}

/** Smooth noise: random values on a coarse grid, interpolated with smoothstep. */
class ValueNoise {
  readonly #grid: Float32Array;
  readonly #columns: number;
  readonly #cell: number;
  readonly #amplitude: number;

  constructor(rng: Xoshiro128, width: number, height: number, cell: number, amplitude: number) {
    this.#cell = cell;
    this.#amplitude = amplitude;
    this.#columns = Math.ceil(width / cell) + 2;
    const rows = Math.ceil(height / cell) + 2;
    this.#grid = new Float32Array(this.#columns * rows);
    for (let k = 0; k < this.#grid.length; k++) this.#grid[k] = rng.below(2001) / 1000 - 1;
  }

  /** Adds this octave's values for row `y` into `out`. */
  addRow(y: number, out: Float32Array): void {
    const gy = y / this.#cell;
    const row = Math.floor(gy);
    const fy = smooth(gy - row);
    const top = row * this.#columns;
    const bottom = top + this.#columns;
    const g = this.#grid;
    for (let x = 0; x < out.length; x++) {
      const gx = x / this.#cell;
      const col = Math.floor(gx);
      const fx = smooth(gx - col);
      const upper = g[top + col]! + (g[top + col + 1]! - g[top + col]!) * fx;
      const lower = g[bottom + col]! + (g[bottom + col + 1]! - g[bottom + col]!) * fx;
      out[x] = out[x]! + (upper + (lower - upper) * fy) * this.#amplitude;
    }
  }
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/**
 * xoshiro128** (Blackman and Vigna), a small fast generator for texture only, seeded from the
 * RandomPort. It never produces key material.
 */
class Xoshiro128 {
  #s: Uint32Array;

  constructor(seed: Uint8Array) {
    this.#s = new Uint32Array(4);
    for (let k = 0; k < 4; k++) {
      this.#s[k] = (seed[4 * k]! | (seed[4 * k + 1]! << 8) | (seed[4 * k + 2]! << 16) |
        (seed[4 * k + 3]! << 24)) >>> 0;
    }
    if (this.#s[0] === 0 && this.#s[1] === 0 && this.#s[2] === 0 && this.#s[3] === 0) {
      this.#s[0] = 1; // the all-zero state is the one state it cannot leave
    }
  }

  /** 32 random bits. */
  next(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2] = s[2]! ^ s[0]!;
    s[3] = s[3]! ^ s[1]!;
    s[1] = s[1]! ^ s[2]!;
    s[0] = s[0]! ^ s[3]!;
    s[2] = s[2]! ^ t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A uniform integer in [0, n), n ≤ 2^16 (the tiny modulo bias is irrelevant for texture). */
  below(n: number): number {
    return (this.next() >>> 16) % n;
  }

  /** Sensor-like grain: the sum of four random bytes, centred, standard deviation ≈ 2. */
  grain(): number {
    const r = this.next();
    const sum = (r & 255) + ((r >>> 8) & 255) + ((r >>> 16) & 255) + (r >>> 24);
    return (sum - 510) / 74;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
