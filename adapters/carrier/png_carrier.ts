/**
 * The PNG carrier as a use case sees it (DESIGN §5, docs/protocol/carrier.md): hide envelope
 * bytes in a cover PNG (or in a generated cover), read them back, and tell how much a cover can
 * hold. Every failure is a `PlicoError`: `carrier.error` for anything about the input (not a
 * PNG, lossy format, corrupt PNG, limits, cover too small, no Plico data found), `internal` only
 * for a bug in Plico itself.
 *
 * @module
 */

import {
  canonicalRaster,
  carrierCapacity,
  embedInRaster,
  extractFromRaster,
  generateCover,
  type RasterImage,
} from "../../domain/carrier/mod.ts";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import type { CryptoPort, RandomPort } from "../../domain/ports.ts";
import { decodePng } from "./png/png_decoder.ts";
import { encodePng } from "./png/png_encoder.ts";

/**
 * A carrier PNG holding `envelope`, hidden under the 32-byte `key`. With `coverPng` null a
 * photo-like cover just large enough is generated. The output keeps the cover's pixels except
 * for their low bits; palette and low-bit-depth covers come out as 8-bit RGB(A)/grey, all-grey
 * RGB covers as grey, and all ancillary chunks (text, EXIF, time, colour profiles, …) are dropped.
 */
export async function embedInPng(
  coverPng: Uint8Array | null,
  envelope: Uint8Array,
  key: Uint8Array,
  crypto: CryptoPort,
  random: RandomPort,
): Promise<Uint8Array> {
  const image = coverPng === null ? generateCover(envelope.length, random) : await decode(coverPng);
  embedInRaster(image, envelope, key, crypto, random);
  return await encodePng(image);
}

/** The envelope bytes hidden in `png` under `key`, or `carrier.error` "no Plico data found". */
export async function extractFromPng(
  png: Uint8Array,
  key: Uint8Array,
  crypto: CryptoPort,
): Promise<Uint8Array> {
  return extractFromRaster(await decode(png), key, crypto);
}

/** The largest envelope, in bytes, that `png` can carry as a cover. */
export async function pngCapacity(png: Uint8Array): Promise<number> {
  return carrierCapacity(await decode(png));
}

/**
 * Decodes untrusted bytes into the canonical raster the carrier works on. Errors other than PlicoError (a RangeError from an allocation, say)
 * would mean a bug in the decoder; they are reported as `internal` rather than escaping raw.
 */
async function decode(png: Uint8Array): Promise<RasterImage> {
  try {
    return canonicalRaster(await decodePng(png));
  } catch (e) {
    if (isPlicoError(e)) throw e;
    throw new PlicoError("internal", "the PNG decoder failed unexpectedly", { cause: e });
  }
}
