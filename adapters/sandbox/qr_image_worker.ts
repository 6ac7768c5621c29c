/**
 * Sandbox worker for QR images: decodes an untrusted PNG (screenshot or photo) with the strict
 * PNG decoder and finds the QR code in it, with no rights at all — bytes in, bytes out
 * (HARDENING §3), like the carrier's worker.
 *
 * @module
 */

import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import { sniffFormat } from "../carrier/png/format_sniff.ts";
import { decodePng } from "../carrier/png/png_decoder.ts";
import { readQrFromRaster } from "../qr/qr_reader.ts";
import { serveSandboxed } from "./serve_sandboxed.ts";

/** One image to read. */
export interface QrImageRequest {
  readonly png: Uint8Array;
}

/** The bytes of the code found. */
export interface QrImageResult {
  readonly bytes: Uint8Array;
}

/** The PNG's raster, with every PNG problem told as a `qr.error` that says what to do. */
async function raster(png: Uint8Array) {
  const sniffed = sniffFormat(png);
  if (sniffed.kind === "lossy") {
    throw new PlicoError(
      "qr.error",
      `a ${sniffed.format} image: QR codes are read from PNG images only; take a PNG ` +
        "screenshot, or save the photo as PNG first",
    );
  }
  if (sniffed.kind !== "png") {
    throw new PlicoError("qr.error", "not a PNG image: QR codes are read from PNG images only");
  }
  try {
    return await decodePng(png);
  } catch (e) {
    if (isPlicoError(e, "carrier.error")) {
      throw new PlicoError("qr.error", `the PNG image cannot be read: ${e.message}`);
    }
    if (isPlicoError(e)) throw e;
    throw new PlicoError("internal", "the PNG decoder failed unexpectedly", { cause: e });
  }
}

serveSandboxed<QrImageRequest, QrImageResult>(async (request) => {
  const bytes = readQrFromRaster(await raster(request.png));
  return { value: { bytes }, transfer: [bytes.buffer as ArrayBuffer] };
});
