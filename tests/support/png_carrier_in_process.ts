/**
 * `PngCarrierPort` over the PNG codec and the carrier core, in the test process. The program
 * itself runs every PNG operation in a no-rights worker (`adapters/sandbox/`); tests of the UI
 * use this one to stay fast.
 *
 * @module
 */

import type { PngCarrierPort } from "../../application/carrier_port.ts";
import type { CryptoPort, RandomPort } from "../../domain/ports.ts";
import { embedInPng, extractFromPng, pngCapacity } from "../../adapters/carrier/png_carrier.ts";

/** The PNG carrier with the given crypto and randomness (for the filler bits). */
export function createPngCarrier(crypto: CryptoPort, random: RandomPort): PngCarrierPort {
  return {
    embed: (cover, envelope, key) => embedInPng(cover, envelope, key, crypto, random),
    extract: (png, key) => extractFromPng(png, key, crypto),
    capacity: (png) => pngCapacity(png),
  };
}
