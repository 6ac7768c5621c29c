/**
 * The PNG carrier's pure part (PROTOCOL-carrier §2–§6): the raster it works on, the keyed LSB
 * embedding and extraction, generated covers, and the carrier's errors. The PNG codec that
 * produces and consumes rasters is an adapter (`adapters/carrier/`).
 *
 * @module
 */

export { canonicalRaster } from "./canonical_raster.ts";
export { corruptPng, lossyFormat, notPng, pngTooLarge } from "./carrier_errors.ts";
export { carrierCapacity, embedInRaster, extractFromRaster } from "./lsb_carrier.ts";
export { generateCover } from "./generated_cover.ts";
export { assertRasterShape, type Channels, type RasterImage } from "./raster_image.ts";
