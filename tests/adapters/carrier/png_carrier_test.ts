import assert from "node:assert/strict";
import { join } from "node:path";
import { embedInPng, extractFromPng, pngCapacity } from "../../../adapters/carrier/png_carrier.ts";
import { readChunks } from "../../../adapters/carrier/png/png_chunks.ts";
import { decodePng } from "../../../adapters/carrier/png/png_decoder.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { coverSizeFor } from "../../../domain/carrier/generated_cover.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { buildPng, type ChunkSpec } from "../../support/carrier_png_builder.ts";
import { convert, optipng, tempDir } from "../../support/carrier_tools.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const crypto = createCrypto();
const random = seededRandom("png-carrier");
const key = random.randomBytes(32);

function carrierError(pattern: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(isPlicoError(e, "carrier.error"), `expected carrier.error, got ${e}`);
    assert.match((e as Error).message, pattern);
    return true;
  };
}

/** A small RGB cover from ImageMagick (photo-like), for the re-encoding tests. */
async function imCover(dir: string, name: string, ...extra: string[]): Promise<Uint8Array> {
  const path = join(dir, name);
  await convert("-size", "96x64", "-seed", "3", "plasma:", ...extra, path);
  return await Deno.readFile(path);
}

/** Cover variants for the re-encoding tests; ImageMagick writes 16-bit unless told otherwise. */
const VARIANTS: { name: string; args: string[] }[] = [
  { name: "RGB 8-bit", args: ["-depth", "8"] },
  { name: "RGB 16-bit", args: ["-depth", "16"] },
  {
    name: "RGBA 8-bit",
    args: [
      "(",
      "+clone",
      "-colorspace",
      "Gray",
      ")",
      "-compose",
      "CopyOpacity",
      "-composite",
      "-depth",
      "8",
    ],
  },
  { name: "grey 8-bit", args: ["-colorspace", "Gray", "-depth", "8"] },
  // At most 24 × 8 colours after embedding: ImageMagick rewrites the carrier as a palette PNG.
  { name: "few colours", args: ["+dither", "-colors", "24", "-depth", "8"] },
];

Deno.test("a carrier re-encoded losslessly by ImageMagick (plain and interlaced) still extracts", async () => {
  const dir = await tempDir();
  try {
    // Variants run concurrently: the time goes into starting ImageMagick.
    await Promise.all(VARIANTS.map(async (variant, v) => {
      const at = (name: string) => join(dir.path, `${v}_${name}`);
      const cover = await imCover(dir.path, `${v}_cover.png`, ...variant.args);
      const envelope = random.randomBytes(200);
      await Deno.writeFile(
        at("carrier.png"),
        await embedInPng(cover, envelope, key, crypto, random),
      );
      for (const options of [[], ["-interlace", "PNG"]]) {
        await convert(at("carrier.png"), ...options, at("recoded.png"));
        const recoded = await Deno.readFile(at("recoded.png"));
        assert.ok(
          readChunks(recoded).some((ch) => !["IHDR", "IDAT", "IEND"].includes(ch.type)),
          "ImageMagick adds metadata",
        );
        if (variant.name === "few colours") {
          assert.equal(recoded[25], 3, "rewritten as a palette PNG");
        }
        assert.equal(recoded[28], options.length > 0 ? 1 : 0);
        assert.deepEqual(
          await extractFromPng(recoded, key, crypto),
          envelope,
          `${variant.name} ${options}`,
        );
      }
    }));
  } finally {
    await dir.remove();
  }
});

Deno.test("a grey cover stored as RGB gives a grey carrier that extracts after any lossless rewrite", async () => {
  const dir = await tempDir();
  try {
    const cover = await imCover(
      dir.path,
      "cover.png",
      "-colorspace",
      "Gray",
      "-depth",
      "8",
      "-define",
      "png:color-type=2",
    );
    assert.equal(cover[25], 2, "the cover is stored as RGB");
    const envelope = random.randomBytes(200);
    const carrier = await embedInPng(cover, envelope, key, crypto, random);
    assert.equal(carrier[25], 0, "the carrier is greyscale");
    await Deno.writeFile(join(dir.path, "carrier.png"), carrier);
    await convert(
      join(dir.path, "carrier.png"),
      "-define",
      "png:color-type=2",
      join(dir.path, "as_rgb.png"),
    );
    const asRgb = await Deno.readFile(join(dir.path, "as_rgb.png"));
    assert.equal(asRgb[25], 2, "rewritten as RGB");
    assert.deepEqual(await extractFromPng(asRgb, key, crypto), envelope);
  } finally {
    await dir.remove();
  }
});

Deno.test("a carrier optimised by optipng still extracts", async () => {
  const dir = await tempDir();
  try {
    // The opaque RGBA carrier comes back from optipng as RGB: the slots must not change.
    const variants = [["-depth", "8"], ["-colorspace", "Gray"], ["-alpha", "set", "-depth", "8"]];
    await Promise.all(variants.map(async (args, v) => {
      const at = (name: string) => join(dir.path, `${v}_${name}`);
      const cover = await imCover(dir.path, `${v}_cover.png`, ...args);
      const envelope = random.randomBytes(150);
      const carrier = await embedInPng(cover, envelope, key, crypto, random);
      await Deno.writeFile(at("carrier.png"), carrier);
      await optipng("-quiet", "-clobber", "-o2", "-out", at("optimised.png"), at("carrier.png"));
      const optimised = await Deno.readFile(at("optimised.png"));
      if (args[0] === "-alpha") assert.deepEqual([carrier[25], optimised[25]], [6, 2]);
      assert.deepEqual(await extractFromPng(optimised, key, crypto), envelope, `${args}`);
    }));
  } finally {
    await dir.remove();
  }
});

Deno.test("a carrier that went through JPEG is refused: first as lossy, then with no Plico data", async () => {
  const dir = await tempDir();
  try {
    const carrier = await embedInPng(
      await imCover(dir.path, "cover.png"),
      random.randomBytes(300),
      key,
      crypto,
      random,
    );
    await Deno.writeFile(join(dir.path, "carrier.png"), carrier);
    await convert(join(dir.path, "carrier.png"), "-quality", "95", join(dir.path, "carrier.jpg"));
    await convert(join(dir.path, "carrier.jpg"), join(dir.path, "back.png"));
    const jpeg = await Deno.readFile(join(dir.path, "carrier.jpg"));
    await assert.rejects(
      extractFromPng(jpeg, key, crypto),
      carrierError(/lossy\/unsupported format \(JPEG\): use a PNG/),
    );
    await assert.rejects(
      embedInPng(jpeg, new Uint8Array(1), key, crypto, random),
      carrierError(/use a PNG/),
    );
    const back = await Deno.readFile(join(dir.path, "back.png"));
    await assert.rejects(extractFromPng(back, key, crypto), carrierError(/no Plico data found/));
  } finally {
    await dir.remove();
  }
});

Deno.test("embedInPng() without a cover generates one of the right size that tools read", async () => {
  const envelope = random.randomBytes(20_000);
  const carrier = await embedInPng(null, envelope, key, crypto, random);
  const { width, height } = coverSizeFor(envelope.length);
  const image = await decodePng(carrier);
  assert.deepEqual([image.width, image.height, image.channels, image.bitDepth], [
    width,
    height,
    3,
    8,
  ]);
  assert.deepEqual(await extractFromPng(carrier, key, crypto), envelope);
  const dir = await tempDir();
  try {
    await Deno.writeFile(join(dir.path, "generated.png"), carrier);
    const size = new TextDecoder().decode(
      await convert(join(dir.path, "generated.png"), "-format", "%wx%h", "info:"),
    );
    assert.equal(size, `${width}x${height}`);
  } finally {
    await dir.remove();
  }
});

Deno.test("embedInPng() drops every metadata chunk of the cover", async () => {
  const dir = await tempDir();
  try {
    const cover = await imCover(dir.path, "cover.png", "-set", "comment", "SECRET-COMMENT");
    // Add more metadata by hand: EXIF, compressed and international text, time, a profile.
    const secret = new TextEncoder().encode("SECRET-METADATA");
    const chunks: ChunkSpec[] = readChunks(cover).map((ch) => ({ type: ch.type, data: ch.data }));
    const extra: ChunkSpec[] = [
      "eXIf",
      "zTXt",
      "iTXt",
      "tEXt",
      "tIME",
      "iCCP",
      "sRGB",
      "gAMA",
      "pHYs",
    ].map((type) => ({ type, data: secret }));
    const withMetadata = buildPng([chunks[0]!, ...extra, ...chunks.slice(1)]);
    const carrier = await embedInPng(withMetadata, random.randomBytes(100), key, crypto, random);
    assert.deepEqual([...new Set(readChunks(carrier).map((ch) => ch.type))], [
      "IHDR",
      "IDAT",
      "IEND",
    ]);
    const text = new TextDecoder("latin1").decode(carrier);
    assert.ok(!text.includes("SECRET"), "no metadata text survives");
  } finally {
    await dir.remove();
  }
});

Deno.test("the carrier API reports clear errors: not a PNG, too small, wrong key, corrupt", async () => {
  const notPng = new TextEncoder().encode("just some text, not an image");
  await assert.rejects(pngCapacity(notPng), carrierError(/not a PNG file/));
  await assert.rejects(extractFromPng(notPng, key, crypto), carrierError(/not a PNG file/));
  const dir = await tempDir();
  try {
    const cover = await imCover(dir.path, "cover.png"); // 96 × 64 RGB: ⌊18432 / 8⌋ − 44 = 2260 bytes
    assert.equal(await pngCapacity(cover), 2260);
    await assert.rejects(
      embedInPng(cover, new Uint8Array(5000), key, crypto, random),
      carrierError(
        /cover too small: it can hold 2260 bytes but the envelope has 5000; a cover of the same kind needs at least 13451 opaque pixels/,
      ),
    );
    const carrier = await embedInPng(cover, new Uint8Array(2260), key, crypto, random);
    await assert.rejects(
      extractFromPng(carrier, random.randomBytes(32), crypto),
      carrierError(/no Plico data found/),
    );
    await assert.rejects(extractFromPng(cover, key, crypto), carrierError(/no Plico data found/));
    const broken = carrier.slice(0, carrier.length - 20);
    await assert.rejects(
      extractFromPng(broken, key, crypto),
      carrierError(/corrupt PNG: truncated/),
    );
  } finally {
    await dir.remove();
  }
});
