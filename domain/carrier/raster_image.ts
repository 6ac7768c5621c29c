/**
 * The decoded pixels the carrier works on: 8- or 16-bit samples, interleaved per pixel, rows top
 * to bottom, with an optional alpha channel last (PROTOCOL-carrier §2). The PNG codec produces and
 * consumes this shape; the carrier never sees a file format.
 *
 * @module
 */

import { PlicoError } from "../errors.ts";

/** Samples per pixel: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
export type Channels = 1 | 2 | 3 | 4;

/** An uncompressed image. `samples.length === width * height * channels`. */
export interface RasterImage {
  readonly width: number;
  readonly height: number;
  readonly channels: Channels;
  /** 8 → `samples` is a Uint8Array; 16 → a Uint16Array holding the full 16-bit values. */
  readonly bitDepth: 8 | 16;
  readonly samples: Uint8Array | Uint16Array;
}

/** True when the last channel is alpha (grey + alpha or RGBA). */
export function hasAlpha(image: RasterImage): boolean {
  return image.channels === 2 || image.channels === 4;
}

/** Colour (non-alpha) samples per pixel. */
export function colourChannels(image: RasterImage): number {
  return hasAlpha(image) ? image.channels - 1 : image.channels;
}

/**
 * Throws `internal` when the fields disagree with each other. Decoders build rasters from
 * validated headers, so a mismatch here is a bug, never bad input.
 */
export function assertRasterShape(image: RasterImage): void {
  const { width, height, channels, bitDepth, samples } = image;
  const integral = Number.isSafeInteger(width) && Number.isSafeInteger(height);
  const typeOk = bitDepth === 8
    ? samples instanceof Uint8Array
    : bitDepth === 16 && samples instanceof Uint16Array;
  if (
    !integral || width < 1 || height < 1 || ![1, 2, 3, 4].includes(channels) || !typeOk ||
    samples.length !== width * height * channels
  ) {
    throw new PlicoError("internal", "raster image fields are inconsistent");
  }
}
