/**
 * Finds the QR code in a decoded image and returns the bytes of its byte-mode data
 * (PROTOCOL-qr §1), on the `qr` package's decoder. Runs inside the no-rights sandbox worker on
 * untrusted images. A symbol with any text segment (numeric, alphanumeric, kanji) is a foreign
 * code: Plico parts are pure byte mode.
 *
 * @module
 */

import decodeQR from "qr/decode.js";
import { concat } from "../../domain/bytes.ts";
import { PlicoError } from "../../domain/errors.ts";
import { foreignCode } from "../../domain/qr/mod.ts";
import type { RasterImage } from "../../domain/carrier/mod.ts";

/**
 * The luma plane of `image` (alpha composited over white), with room for the chroma planes
 * the decoder's I420 format expects but does not read.
 */
export function lumaPlane(image: RasterImage): Uint8Array {
  const { width, height, channels, bitDepth, samples } = image;
  const pixels = width * height;
  const luma = new Uint8Array(pixels + 2 * Math.ceil(width / 2) * Math.ceil(height / 2));
  const shift = bitDepth === 16 ? 8 : 0;
  const alpha = channels === 2 || channels === 4;
  const colour = channels >= 3;
  for (let p = 0, s = 0; p < pixels; p++, s += channels) {
    let v = colour
      ? (299 * (samples[s]! >> shift) + 587 * (samples[s + 1]! >> shift) +
        114 * (samples[s + 2]! >> shift)) / 1000
      : samples[s]! >> shift;
    if (alpha) {
      const a = samples[s + channels - 1]! >> shift;
      v = (v * a + 255 * (255 - a)) / 255;
    }
    luma[p] = v;
  }
  return luma;
}

/** The bytes of the QR code in `image`; `qr.error` when there is none it can read. */
export function readQrFromRaster(image: RasterImage): Uint8Array {
  const segments: Uint8Array[] = [];
  let text: string;
  try {
    text = decodeQR(
      { width: image.width, height: image.height, data: lumaPlane(image) },
      {
        format: "I420",
        textDecoder: (bytes: Uint8Array) => {
          segments.push(bytes.slice());
          return "";
        },
      },
    );
  } catch {
    throw new PlicoError(
      "qr.error",
      "no QR code found in the image: take the screenshot or photo again, with the whole " +
        "code sharp, flat and well lit",
    );
  }
  if (text !== "" || segments.length === 0) throw foreignCode();
  return concat(...segments);
}
