/**
 * The canonical form of a raster (PROTOCOL-carrier §2.1). Lossless tools may store the same pixels
 * differently: an RGB image whose pixels are all grey becomes a greyscale or palette PNG, a
 * palette PNG becomes RGB. The slot domain must not change with such a rewrite, so the carrier
 * always works on the canonical form: an RGB(A) raster whose every visible pixel has R = G = B
 * is reduced to grey (+ alpha), keeping R. Palette images already arrive expanded to RGB(A)
 * from the decoder.
 *
 * @module
 */

import type { RasterImage } from "./raster_image.ts";

/** `image` itself, or a grey (+ alpha) copy when every visible pixel of the RGB(A) image is grey. */
export function canonicalRaster(image: RasterImage): RasterImage {
  const { channels, samples } = image;
  if (channels !== 3 && channels !== 4) return image;
  for (let i = 0; i < samples.length; i += channels) {
    // Invisible pixels do not count: editors repaint them at will (PROTOCOL-carrier §2).
    if (channels === 4 && samples[i + 3] === 0) continue;
    if (samples[i] !== samples[i + 1] || samples[i] !== samples[i + 2]) return image;
  }
  const outChannels = channels === 3 ? 1 : 2;
  const pixels = image.width * image.height;
  const out = image.bitDepth === 16
    ? new Uint16Array(pixels * outChannels)
    : new Uint8Array(pixels * outChannels);
  for (let p = 0; p < pixels; p++) {
    out[p * outChannels] = samples[p * channels]!;
    if (outChannels === 2) out[p * 2 + 1] = samples[p * 4 + 3]!;
  }
  return { ...image, channels: outChannels, samples: out };
}
