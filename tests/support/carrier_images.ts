/**
 * Test images for the carrier: makes the covers of `carrier_cover_cases.ts` with ImageMagick
 * and PIL, with the tool's own decoding of each file as the reference samples.
 *
 * @module
 */

import { join } from "node:path";
import type { RasterImage } from "../../domain/carrier/raster_image.ts";
import { COVER_CASES, type CoverCase, IM_BASE } from "./carrier_cover_cases.ts";
import { convert, pythonPil, tempDir } from "./carrier_tools.ts";

export { COVER_CASES, type CoverCase };

/**
 * For each (kind, path) pair of argv, writes the cover to path and the reference pixels to
 * path + ".ref": RGBA 8-bit from PIL's own decoding, or for I;16 the 16-bit grey values it was
 * given, big-endian.
 */
const PIL_SCRIPT = `
import struct, sys
from PIL import Image
W, H = 37, 23
rgb = Image.new("RGB", (W, H))
rgb.putdata([((x * 7 + y * 3) % 256, (x * y * 5) % 256, (x + y * 11) % 256) for y in range(H) for x in range(W)])
alpha = Image.new("L", (W, H))
alpha.putdata([0 if (x + y) % 9 == 0 else (x * 13 + y * 29) % 256 for y in range(H) for x in range(W)])

def make(kind, path):
    if kind == "1":
        rgb.convert("L").point(lambda v: 255 if v > 100 else 0).convert("1").save(path)
    elif kind == "L":
        rgb.convert("L").save(path)
    elif kind == "L-trns":
        im = rgb.convert("L"); im.save(path, transparency=im.getpixel((3, 4)))
    elif kind == "LA":
        Image.merge("LA", (rgb.convert("L"), alpha)).save(path)
    elif kind == "RGB":
        rgb.save(path)
    elif kind == "RGB-trns":
        rgb.save(path, transparency=rgb.getpixel((5, 6)))
    elif kind == "RGBA":
        Image.merge("RGBA", (*rgb.split(), alpha)).save(path)
    elif kind == "P1":
        rgb.convert("P", palette=Image.ADAPTIVE, colors=2).save(path, bits=1)
    elif kind == "P4":
        rgb.convert("P", palette=Image.ADAPTIVE, colors=16).save(path, bits=4)
    elif kind == "P-trns":
        im = rgb.convert("P", palette=Image.ADAPTIVE, colors=256)
        im.save(path, transparency=bytes((i * 37) % 256 for i in range(256)))
    elif kind == "I16":
        values = [(x * 1777 + y * 3001) % 65536 for y in range(H) for x in range(W)]
        im = Image.new("I;16", (W, H)); im.putdata(values); im.save(path)
        return struct.pack(">%dH" % len(values), *values)
    else:
        raise SystemExit("unknown kind " + kind)
    ref = Image.open(path); ref.load()
    return ref.convert("RGBA").tobytes()

for kind, path in zip(sys.argv[1::2], sys.argv[2::2]):
    with open(path + ".ref", "wb") as out:
        out.write(make(kind, path))
`;

/** A cover file and the reference RGBA samples (8- or 16-bit) of its pixels. */
export interface MadeCover {
  readonly file: Uint8Array;
  readonly reference: Uint8Array | Uint16Array;
}

/**
 * Produces every ImageMagick case with one `convert` run (each case works on a clone of the
 * base picture and writes it; the PNG settings are reset between cases), then reads all files
 * back as references with one run per bit depth. Start-up dominates a run's time.
 */
async function makeImageMagickCovers(
  cases: readonly CoverCase[],
  dir: string,
): Promise<MadeCover[]> {
  const args: string[] = [...IM_BASE];
  for (const c of cases) {
    const recipe = [...(c.recipe as readonly string[])];
    const path = join(dir, fileName(c));
    // A trailing "PNG8:" is a format prefix for the output name.
    const out = recipe.at(-1)!.endsWith(":") ? recipe.pop()! + path : path;
    args.push("(", "+clone", ...recipe, "-write", out, "+delete", ")");
    // Settings outlive the parentheses: undo the ones this case made (+define of a key that
    // is not defined is an error).
    recipe.forEach((arg, i) => {
      if (arg === "-define") args.push("+define", recipe[i + 1]!.split("=")[0]!);
    });
    args.push("-interlace", "none", "+type");
  }
  await convert(...args, "null:");

  const references = new Map<string, Uint8Array | Uint16Array>();
  for (const depth of [8, 16]) {
    const group = cases.filter((c) => (c.decoded[1] === 16 ? 16 : 8) === depth);
    if (group.length === 0) continue;
    const raw = await convert(
      ...group.map((c) => join(dir, fileName(c))),
      "-depth",
      String(depth),
      "-endian",
      "MSB",
      "rgba:-",
    );
    const each = raw.length / group.length;
    group.forEach((c, i) => {
      const bytes = raw.slice(i * each, (i + 1) * each);
      references.set(c.name, depth === 16 ? bigEndian16(bytes) : bytes);
    });
  }
  return await Promise.all(cases.map(async (c) => ({
    file: await Deno.readFile(join(dir, fileName(c))),
    reference: references.get(c.name)!,
  })));
}

/** Produces every PIL case in one Python run (interpreter start-up dominates). */
async function makePilCovers(cases: readonly CoverCase[], dir: string): Promise<MadeCover[]> {
  const args = cases.flatMap((c) => [c.recipe as string, join(dir, fileName(c))]);
  await pythonPil(PIL_SCRIPT, ...args);
  return await Promise.all(cases.map(async (c) => {
    const path = join(dir, fileName(c));
    const printed = await Deno.readFile(path + ".ref");
    const reference = c.recipe === "I16" ? greyToRgba16(bigEndian16(printed)) : printed;
    return { file: await Deno.readFile(path), reference };
  }));
}

function fileName(c: CoverCase): string {
  return c.name.replace(/[^A-Za-z0-9]+/g, "_") + ".png";
}

let covers: Promise<Map<string, MadeCover>> | null = null;

/**
 * Every case of `COVER_CASES`, made once per test process with a few tool runs (the tools
 * start slowly). Files are read into memory and the directory removed.
 */
export function allCovers(): Promise<Map<string, MadeCover>> {
  covers ??= (async () => {
    const dir = await tempDir();
    try {
      const made = new Map<string, MadeCover>();
      const magick = COVER_CASES.filter((c) => c.tool === "imagemagick");
      const pil = COVER_CASES.filter((c) => c.tool === "pil");
      const [fromMagick, fromPil] = await Promise.all([
        makeImageMagickCovers(magick, dir.path),
        makePilCovers(pil, dir.path),
      ]);
      fromMagick.forEach((m, i) => made.set(magick[i]!.name, m));
      fromPil.forEach((m, i) => made.set(pil[i]!.name, m));
      return made;
    } finally {
      await dir.remove();
    }
  })();
  return covers;
}

function bigEndian16(bytes: Uint8Array): Uint16Array {
  const out = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  return out;
}

function greyToRgba16(grey: Uint16Array): Uint16Array {
  const out = new Uint16Array(grey.length * 4);
  for (let i = 0; i < grey.length; i++) out.set([grey[i]!, grey[i]!, grey[i]!, 0xffff], 4 * i);
  return out;
}

/** Bit depth, colour type and interlace method from a PNG's IHDR (bytes 24, 25, 28). */
export function ihdrOf(file: Uint8Array): [number, number, number] {
  return [file[24]!, file[25]!, file[28]!];
}

/**
 * A reference expansion of a raster to RGBA at its own bit depth: grey copied to R, G and B,
 * a missing alpha set to the maximum. Deliberately simple, to check the decoder against.
 */
export function toRgba(image: RasterImage): Uint8Array | Uint16Array {
  const n = image.width * image.height;
  const max = image.bitDepth === 16 ? 0xffff : 0xff;
  const out = image.bitDepth === 16 ? new Uint16Array(4 * n) : new Uint8Array(4 * n);
  const s = image.samples;
  const c = image.channels;
  for (let p = 0; p < n; p++) {
    const grey = c <= 2;
    out[4 * p] = s[p * c]!;
    out[4 * p + 1] = grey ? s[p * c]! : s[p * c + 1]!;
    out[4 * p + 2] = grey ? s[p * c]! : s[p * c + 2]!;
    out[4 * p + 3] = c === 2 ? s[p * c + 1]! : c === 4 ? s[p * c + 3]! : max;
  }
  return out;
}
