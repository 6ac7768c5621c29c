/**
 * Which samples carry bits (PROTOCOL-carrier §2). A *slot* is a colour sample: alpha samples are
 * never used, and neither are the colour samples of a pixel whose alpha is 0, because editors
 * freely rewrite the colour of invisible pixels. Slot k of the domain is colour sample k % c of
 * pixel ⌊k / c⌋, where c is the number of colour channels; the keyed permutation walks the domain
 * and skips slots of invisible pixels.
 *
 * @module
 */

import { PlicoError } from "../errors.ts";
import { KeyedPermutation } from "./keyed_permutation.ts";
import { colourChannels, hasAlpha, type RasterImage } from "./raster_image.ts";

/** Size of the slot domain: every colour sample, visible or not. */
export function slotDomainSize(image: RasterImage): number {
  return image.width * image.height * colourChannels(image);
}

/** Number of usable slots: colour samples of pixels whose alpha is not 0. */
export function countUsableSlots(image: RasterImage): number {
  if (!hasAlpha(image)) return slotDomainSize(image);
  const { samples, channels } = image;
  const colours = channels - 1;
  let visible = 0;
  for (let a = channels - 1; a < samples.length; a += channels) if (samples[a] !== 0) visible++;
  return visible * colours;
}

/** Permuted positions computed per refill of the walker's buffer. */
const WALK_BATCH = 65_536;

/**
 * Yields the sample indices of usable slots in permuted order. Each slot costs one permutation
 * step, whether used or skipped; the walk never passes the end of the domain.
 */
export class SlotWalker {
  readonly #permutation: KeyedPermutation;
  readonly #samples: Uint8Array | Uint16Array;
  readonly #channels: number;
  readonly #colours: number;
  readonly #alpha: boolean;
  /** Next domain position to permute. */
  #position = 0;
  #batch: Uint32Array = new Uint32Array(0);
  #inBatch = 0;

  constructor(image: RasterImage, permutation: KeyedPermutation) {
    if (permutation.size !== slotDomainSize(image)) {
      throw new PlicoError("internal", "permutation does not match the slot domain");
    }
    this.#permutation = permutation;
    this.#samples = image.samples;
    this.#channels = image.channels;
    this.#colours = colourChannels(image);
    this.#alpha = hasAlpha(image);
  }

  /** Fills `out` with the sample indices of the next `out.length` usable slots. */
  fill(out: Uint32Array): void {
    const samples = this.#samples;
    const channels = this.#channels;
    const colours = this.#colours;
    const alpha = this.#alpha;
    const direct = !alpha && colours === channels;
    let batch = this.#batch;
    let i = this.#inBatch;
    for (let k = 0; k < out.length;) {
      if (i === batch.length) {
        batch = this.#refill();
        i = 0;
      }
      const slot = batch[i++]!;
      if (direct) {
        out[k++] = slot;
        continue;
      }
      const pixel = Math.floor(slot / colours);
      const base = pixel * channels;
      if (alpha && samples[base + channels - 1] === 0) continue;
      out[k++] = base + (slot - pixel * colours);
    }
    this.#inBatch = i;
  }

  #refill(): Uint32Array {
    const remaining = this.#permutation.size - this.#position;
    if (remaining === 0) throw new PlicoError("internal", "carrier slot walk ran past the image");
    if (this.#batch.length !== Math.min(WALK_BATCH, remaining)) {
      this.#batch = new Uint32Array(Math.min(WALK_BATCH, remaining));
    }
    this.#permutation.mapRange(this.#position, this.#batch);
    this.#position += this.#batch.length;
    return this.#batch;
  }
}
