import assert from "node:assert/strict";
import { join } from "node:path";
import { readChunks } from "../../../../adapters/carrier/png/png_chunks.ts";
import { decodePng } from "../../../../adapters/carrier/png/png_decoder.ts";
import { encodePng } from "../../../../adapters/carrier/png/png_encoder.ts";
import type { Channels, RasterImage } from "../../../../domain/carrier/raster_image.ts";
import { toRgba } from "../../../support/carrier_images.ts";
import { convert, tempDir } from "../../../support/carrier_tools.ts";
import { seededRandom } from "../../../support/seeded_random.ts";

/** A raster of smooth rows with random noise, so that every filter type gets chosen somewhere. */
function raster(channels: Channels, bitDepth: 8 | 16, width = 29, height = 17): RasterImage {
  const random = seededRandom(`encoder-${channels}-${bitDepth}`);
  const n = width * height * channels;
  const noise = random.randomBytes(n);
  const samples = bitDepth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  const max = bitDepth === 16 ? 0xffff : 0xff;
  for (let i = 0; i < n; i++) {
    const y = Math.floor(i / (width * channels));
    const smooth = ((i % (width * channels)) * 5 + y * 9) * (max / 255);
    samples[i] = y % 4 === 3 ? (noise[i]! * max) / 255 : Math.min(max, smooth + (noise[i]! & 3));
  }
  return { width, height, channels, bitDepth, samples };
}

const FORMATS: [Channels, 8 | 16, string][] = [
  [1, 8, "grey 8-bit"],
  [1, 16, "grey 16-bit"],
  [2, 8, "grey+alpha 8-bit"],
  [2, 16, "grey+alpha 16-bit"],
  [3, 8, "RGB 8-bit"],
  [3, 16, "RGB 16-bit"],
  [4, 8, "RGBA 8-bit"],
  [4, 16, "RGBA 16-bit"],
];

for (const [channels, bitDepth, name] of FORMATS) {
  Deno.test(`encodePng() round-trips ${name} through decodePng() and ImageMagick`, async () => {
    const image = raster(channels, bitDepth);
    const png = await encodePng(image);
    assert.deepEqual(await decodePng(png), image);
    const colourType = [0, 0, 4, 2, 6][channels];
    assert.deepEqual([png[24], png[25], png[28]], [bitDepth, colourType, 0]);

    const dir = await tempDir();
    try {
      const path = join(dir.path, "ours.png");
      await Deno.writeFile(path, png);
      const raw = await convert(path, "-depth", String(bitDepth), "-endian", "MSB", "rgba:-");
      const reference = bitDepth === 8
        ? raw
        : new Uint16Array(raw.length / 2).map((_, i) => (raw[2 * i]! << 8) | raw[2 * i + 1]!);
      assert.deepEqual(toRgba(image), reference);
    } finally {
      await dir.remove();
    }
  });
}

Deno.test("encodePng() writes only IHDR, IDAT and IEND, with IDATs of at most 256 KiB", async () => {
  // Random samples do not compress, so the data must span several IDAT chunks.
  const samples = seededRandom("encoder-idat").randomBytes(700 * 300 * 3);
  const image: RasterImage = { width: 700, height: 300, channels: 3, bitDepth: 8, samples };
  const png = await encodePng(image);
  const types = readChunks(png).map((c) => c.type);
  assert.equal(types[0], "IHDR");
  assert.equal(types.at(-1), "IEND");
  assert.ok(types.slice(1, -1).every((t) => t === "IDAT"));
  assert.ok(types.length > 3, "several IDAT chunks");
  assert.ok(readChunks(png).every((c) => c.data.length <= 256 * 1024));
  assert.deepEqual(await decodePng(png), image);
});

Deno.test("encodePng() refuses a raster whose fields disagree", async () => {
  const bad = {
    width: 3,
    height: 3,
    channels: 3,
    bitDepth: 8,
    samples: new Uint8Array(26),
  } as const;
  await assert.rejects(encodePng(bad), /inconsistent/);
});
