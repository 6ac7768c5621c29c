import assert from "node:assert/strict";
import { decodePng } from "../../adapters/carrier/png/png_decoder.ts";
import { encodePng } from "../../adapters/carrier/png/png_encoder.ts";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { readQrFromRaster } from "../../adapters/qr/qr_reader.ts";
import { qrModules, qrRaster } from "../../adapters/qr/qr_symbol.ts";
import type { QrImagePort } from "../../application/qr_port.ts";
import { type QrImage, readQrImages, showAsQr } from "../../application/qr_transfer.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { parsePart } from "../../domain/qr/mod.ts";

/** The program's QR image port without the worker around it: the same decoder and reader. */
const inProcess: QrImagePort = {
  readPart: async (png) => readQrFromRaster(await decodePng(png)),
};
const deps = { random: systemRandom, qrImages: inProcess };

async function pngOf(part: Uint8Array): Promise<Uint8Array> {
  const { width, height, grey } = qrRaster(qrModules(part), 4);
  return await encodePng({ width, height, channels: 1, bitDepth: 8, samples: grey });
}

Deno.test("showAsQr draws a fresh sequence id each time; readQrImages reads the images back", async () => {
  const file = systemRandom.randomBytes(1368);
  const first = showAsQr(deps, file);
  const second = showAsQr(deps, file);
  assert.notDeepEqual(parsePart(first[0]!).sequenceId, parsePart(second[0]!).sequenceId);
  const images: QrImage[] = await Promise.all(
    first.reverse().map(async (part, i) => {
      const png = await pngOf(part);
      return { name: `shot-${i}.png`, read: () => Promise.resolve(png) };
    }),
  );
  assert.deepEqual(await readQrImages(deps, images), file);
});

Deno.test("readQrImages names the image that is refused and reads no image after it", async () => {
  const [a0, a1, a2] = showAsQr(deps, systemRandom.randomBytes(1000));
  const [b0] = showAsQr(deps, systemRandom.randomBytes(1000));
  const read: string[] = [];
  const image = (name: string, part: Uint8Array): QrImage => ({
    name,
    read: async () => {
      read.push(name);
      return await pngOf(part);
    },
  });
  await assert.rejects(
    readQrImages(deps, [image("one.png", a0!), image("other.png", b0!), image("two.png", a1!)]),
    (e) =>
      isPlicoError(e, "qr.error") &&
      /^other\.png: this QR code belongs to another sequence/.test((e as Error).message),
  );
  assert.deepEqual(read, ["one.png", "other.png"]);
  await assert.rejects(
    readQrImages(deps, [image("one.png", a0!), image("three.png", a2!)]),
    (e) => isPlicoError(e, "qr.error") && /part 2 of 3 missing/.test((e as Error).message),
  );
});
