/**
 * Every PNG colour type and bit depth, from ImageMagick and PIL: the decoder must read each
 * cover exactly as the tool that wrote it does, and the carrier must round-trip through it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { embedInPng, extractFromPng, pngCapacity } from "../../../adapters/carrier/png_carrier.ts";
import { decodePng } from "../../../adapters/carrier/png/png_decoder.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { canonicalRaster } from "../../../domain/carrier/canonical_raster.ts";
import { allCovers, COVER_CASES, ihdrOf, toRgba } from "../../support/carrier_images.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const crypto = createCrypto();
const random = seededRandom("cover-cases");
const key = random.randomBytes(32);

for (const c of COVER_CASES) {
  const tool = c.tool === "pil" ? "PIL" : "ImageMagick";
  Deno.test(`decodePng() reads ${c.name} exactly as ${tool} does`, async () => {
    const cover = (await allCovers()).get(c.name)!;
    assert.deepEqual(ihdrOf(cover.file), [...c.ihdr], "the tool wrote the intended format");
    const image = await decodePng(cover.file);
    assert.deepEqual([image.width, image.height], [37, 23]);
    assert.deepEqual([image.channels, image.bitDepth], [...c.decoded]);
    assert.deepEqual(toRgba(image), cover.reference);
  });

  Deno.test(`embedInPng() and extractFromPng() round-trip on a cover of ${c.name}`, async () => {
    const { file, reference } = (await allCovers()).get(c.name)!;
    const capacity = await pngCapacity(file);
    const envelope = random.randomBytes(Math.min(capacity, 60));
    assert.ok(envelope.length >= 30, `capacity ${capacity}`);
    const carrier = await embedInPng(file, envelope, key, crypto, random);
    assert.deepEqual(await extractFromPng(carrier, key, crypto), envelope);
    // The carrier renders like the cover: colour samples within ±1, alpha identical.
    const after = toRgba(canonicalRaster(await decodePng(carrier)));
    assert.equal(after.length, reference.length);
    for (let i = 0; i < reference.length; i++) {
      const limit = i % 4 === 3 ? 0 : 1;
      assert.ok(
        Math.abs(after[i]! - reference[i]!) <= limit,
        `sample ${i}: ${reference[i]} → ${after[i]}`,
      );
    }
  });
}
