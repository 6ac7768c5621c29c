/**
 * Use cases of air-gap transfer by QR codes (PROTOCOL-qr): a file shown as a sequence of codes,
 * and a sequence read back from screenshots or photos. The framing adds no protection: the
 * reassembled bytes go to the same parsers, limits and sandbox as the file would.
 *
 * @module
 */

import { isPlicoError, PlicoError } from "../domain/errors.ts";
import type { RandomPort } from "../domain/ports.ts";
import { encodeSequence, QR_SEQUENCE_ID_BYTES, QrCollector } from "../domain/qr/mod.ts";
import type { QrImagePort } from "./qr_port.ts";

/** What the QR use cases are given. */
export interface QrDeps {
  readonly random: RandomPort;
  readonly qrImages: QrImagePort;
}

/** The parts of `payload`, under a fresh random sequence id. */
export function showAsQr(deps: Pick<QrDeps, "random">, payload: Uint8Array): Uint8Array[] {
  return encodeSequence(payload, deps.random.randomBytes(QR_SEQUENCE_ID_BYTES));
}

/** One image given to `readQrImages`: the name its errors use, and how to read it. */
export interface QrImage {
  readonly name: string;
  /** Reads the PNG file; called once, one image at a time, so only one is held in memory. */
  read(): Promise<Uint8Array>;
}

/**
 * The payload of the sequence whose parts are in `images` (one code per image, any order,
 * repeats allowed). An image that holds no part of the sequence is an error naming it; a
 * sequence with parts missing is an error naming them.
 */
export async function readQrImages(deps: QrDeps, images: readonly QrImage[]): Promise<Uint8Array> {
  const collector = new QrCollector();
  for (const image of images) {
    try {
      collector.add(await deps.qrImages.readPart(await image.read()));
    } catch (e) {
      if (!isPlicoError(e, "qr.error")) throw e;
      throw new PlicoError("qr.error", `${image.name}: ${e.message}`);
    }
  }
  return collector.assemble();
}
