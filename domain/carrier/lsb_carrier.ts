/**
 * The keyed LSB carrier (PROTOCOL-carrier §5): writes `header || envelope` into the lowest bit of
 * the usable samples of an image, in an order given by the keyed permutation, after filling every
 * usable low bit with fresh random bits. Without the key the whole low-bit plane is uniformly
 * random bits; with it, `extractFromRaster` finds the header and reads the envelope back.
 *
 * This is not a promise of undetectability (see PROTOCOL-carrier §7).
 *
 * @module
 */

import { PlicoError } from "../errors.ts";
import type { CryptoPort, RandomPort } from "../ports.ts";
import {
  CARRIER_HEADER_BYTES,
  CARRIER_NONCE_BYTES,
  openCarrierHeader,
  sealCarrierHeader,
} from "./carrier_header.ts";
import { deriveCarrierKeys } from "./carrier_keys.ts";
import { coverTooSmall, inconsistentCarrier, noPlicoData } from "./carrier_errors.ts";
import { KeyedPermutation } from "./keyed_permutation.ts";
import { assertRasterShape, colourChannels, hasAlpha, type RasterImage } from "./raster_image.ts";
import { countUsableSlots, slotDomainSize, SlotWalker } from "./sample_slots.ts";

/** Random bytes requested from the RandomPort at a time (Web Crypto's per-call maximum). */
const RANDOM_BLOCK_BYTES = 65_536;

/** Largest envelope, in bytes, that `image` can carry: ⌊usable slots / 8⌋ − 44, at least 0. */
export function carrierCapacity(image: RasterImage): number {
  assertRasterShape(image);
  return Math.max(0, Math.floor(countUsableSlots(image) / 8) - CARRIER_HEADER_BYTES);
}

/** Opaque pixels a cover with `image`'s channels needs for an envelope of `envelopeBytes`. */
export function pixelsNeeded(image: RasterImage, envelopeBytes: number): number {
  return Math.ceil(((CARRIER_HEADER_BYTES + envelopeBytes) * 8) / colourChannels(image));
}

/**
 * Hides `envelope` in `image`, modifying its samples in place. Throws `carrier.error` when the
 * image is too small, saying how many bytes it can hold and how large a cover must be.
 */
export function embedInRaster(
  image: RasterImage,
  envelope: Uint8Array,
  key: Uint8Array,
  crypto: CryptoPort,
  random: RandomPort,
): void {
  const capacity = carrierCapacity(image);
  if (envelope.length > capacity) {
    throw coverTooSmall(capacity, envelope.length, pixelsNeeded(image, envelope.length));
  }
  const keys = deriveCarrierKeys(crypto, key);
  try {
    const header = sealCarrierHeader(
      crypto,
      keys.headerKey,
      random.randomBytes(CARRIER_NONCE_BYTES),
      envelope.length,
    );
    fillLowBitsWithRandom(image, random);
    const walker = new SlotWalker(
      image,
      new KeyedPermutation(crypto, keys.permutationKey, slotDomainSize(image)),
    );
    writeBits(image.samples, walker, header);
    writeBits(image.samples, walker, envelope);
  } finally {
    keys.permutationKey.fill(0);
    keys.headerKey.fill(0);
  }
}

/**
 * Reads the envelope hidden in `image` under `key`. Throws `carrier.error` "no Plico data found"
 * when the header does not authenticate (no carrier, wrong key, or altered low bits).
 */
export function extractFromRaster(
  image: RasterImage,
  key: Uint8Array,
  crypto: CryptoPort,
): Uint8Array {
  assertRasterShape(image);
  const usable = countUsableSlots(image);
  if (usable < CARRIER_HEADER_BYTES * 8) throw noPlicoData();
  const keys = deriveCarrierKeys(crypto, key);
  try {
    const walker = new SlotWalker(
      image,
      new KeyedPermutation(crypto, keys.permutationKey, slotDomainSize(image)),
    );
    const header = readBits(image.samples, walker, CARRIER_HEADER_BYTES);
    const length = openCarrierHeader(crypto, keys.headerKey, header);
    if (length === null) throw noPlicoData();
    const capacity = Math.floor(usable / 8) - CARRIER_HEADER_BYTES;
    if (length > capacity) throw inconsistentCarrier(length, capacity);
    return readBits(image.samples, walker, length);
  } finally {
    keys.permutationKey.fill(0);
    keys.headerKey.fill(0);
  }
}

/** Sets the low bit of every usable sample from the RandomPort, in sample order. */
function fillLowBitsWithRandom(image: RasterImage, random: RandomPort): void {
  const { samples, channels } = image;
  const alpha = hasAlpha(image);
  const colours = colourChannels(image);
  let block: Uint8Array = new Uint8Array(0);
  let bit = 0; // index of the next unused random bit in `block`
  for (let base = 0; base < samples.length; base += channels) {
    if (alpha && samples[base + channels - 1] === 0) continue;
    for (let c = 0; c < colours; c++) {
      if (bit === block.length * 8) {
        block = random.randomBytes(RANDOM_BLOCK_BYTES);
        if (block.length !== RANDOM_BLOCK_BYTES) {
          throw new PlicoError("internal", "random source returned the wrong length");
        }
        bit = 0;
      }
      const value = (block[bit >>> 3]! >>> (bit & 7)) & 1;
      bit++;
      samples[base + c] = (samples[base + c]! & ~1) | value;
    }
  }
  block.fill(0);
}

/** Bits handled per walker call. */
const BIT_BATCH = 65_536;

/** Writes `bytes` most significant bit first into the next slots of `walker`. */
function writeBits(samples: Uint8Array | Uint16Array, walker: SlotWalker, bytes: Uint8Array): void {
  const at = new Uint32Array(BIT_BATCH);
  for (let first = 0; first < bytes.length; first += BIT_BATCH / 8) {
    const count = Math.min(BIT_BATCH / 8, bytes.length - first);
    const slots = at.subarray(0, count * 8);
    walker.fill(slots);
    for (let i = 0; i < count; i++) {
      const byte = bytes[first + i]!;
      for (let k = 0; k < 8; k++) {
        const s = slots[8 * i + k]!;
        samples[s] = (samples[s]! & ~1) | ((byte >>> (7 - k)) & 1);
      }
    }
  }
}

/** Reads `count` bytes, most significant bit first, from the next slots of `walker`. */
function readBits(
  samples: Uint8Array | Uint16Array,
  walker: SlotWalker,
  count: number,
): Uint8Array {
  const out = new Uint8Array(count);
  const at = new Uint32Array(BIT_BATCH);
  for (let first = 0; first < count; first += BIT_BATCH / 8) {
    const n = Math.min(BIT_BATCH / 8, count - first);
    const slots = at.subarray(0, n * 8);
    walker.fill(slots);
    for (let i = 0; i < n; i++) {
      let byte = 0;
      for (let k = 0; k < 8; k++) byte = (byte << 1) | (samples[slots[8 * i + k]!]! & 1);
      out[first + i] = byte;
    }
  }
  return out;
}
