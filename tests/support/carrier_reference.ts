/**
 * The carrier written plainly from docs/protocol/carrier.md, with its own copies of the labels
 * and @noble primitives called directly: slow, obviously correct, and independent of the code
 * under test, which must agree with it.
 *
 * @module
 */

import { chacha20, xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { RasterImage } from "../../domain/carrier/raster_image.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** PROTOCOL-carrier §3: the keyed permutation of [0, size). */
export function referencePermutation(key: Uint8Array, size: number): (x: number) => number {
  const rounds = 8;
  let n = 2;
  while (2 ** n < size) n++;
  const high = Math.floor(n / 2);
  const low = n - high;
  const widths = Array.from({ length: rounds }, (_, r) => (r % 2 === 0 ? low : high));
  const total = widths.reduce((s, w) => s + 2 ** w, 0);
  const stream = chacha20(key, new Uint8Array(12), new Uint8Array(2 * total), undefined, 1);
  const tables: number[][] = [];
  let at = 0;
  for (const w of widths) {
    const t: number[] = [];
    for (let j = 0; j < 2 ** w; j++, at += 2) t.push(stream[at]! + 256 * stream[at + 1]!);
    tables.push(t);
  }
  const encipher = (x: number): number => {
    let left = Math.floor(x / 2 ** low); // `high` bits wide
    let right = x % 2 ** low; // `low` bits wide
    let leftBits = high;
    for (let r = 0; r < rounds; r++) {
      const f = tables[r]![right]! % 2 ** leftBits;
      const newRight = (left ^ f) % 2 ** leftBits;
      left = right;
      leftBits = r % 2 === 0 ? low : high;
      right = newRight;
    }
    return left * 2 ** low + right;
  };
  return (x) => {
    let y = encipher(x);
    while (y >= size) y = encipher(y);
    return y;
  };
}

/** PROTOCOL-carrier §2–§5: the envelope in `image` under `key`, or null when the header fails. */
export function referenceExtract(image: RasterImage, key: Uint8Array): Uint8Array | null {
  const subkey = (label: string) => hkdf(sha256, key, new Uint8Array(0), utf8(label), 32);
  const permutationKey = subkey("plico/v2/carrier/permutation-key");
  const headerKey = subkey("plico/v2/carrier/header-key");
  const alpha = image.channels === 2 || image.channels === 4;
  const colours = alpha ? image.channels - 1 : image.channels;
  const size = image.width * image.height * colours;
  const permutation = referencePermutation(permutationKey, size);
  let position = 0;
  const nextBit = (): number => {
    for (;;) {
      if (position === size) throw new Error("reference: ran out of slots");
      const slot = permutation(position++);
      const pixel = Math.floor(slot / colours);
      if (alpha && image.samples[pixel * image.channels + image.channels - 1] === 0) continue;
      return image.samples[pixel * image.channels + (slot % colours)]! % 2;
    }
  };
  const readBytes = (count: number): Uint8Array => {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 8; k++) out[i] = (out[i]! << 1) | nextBit();
    }
    return out;
  };
  const header = readBytes(44);
  let plain: Uint8Array;
  try {
    plain = xchacha20poly1305(headerKey, header.subarray(0, 24), utf8("plico/v2/carrier/header"))
      .decrypt(header.subarray(24));
  } catch {
    return null;
  }
  const length = new DataView(plain.buffer, plain.byteOffset, 4).getUint32(0, false);
  return readBytes(length);
}
