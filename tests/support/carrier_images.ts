/**
 * Test images for the carrier: covers made by ImageMagick and PIL in every PNG colour type and
 * bit depth, with the tool's own decoding of the same file as the reference samples.
 *
 * @module
 */

import { join } from "node:path";
import type { RasterImage } from "../../domain/carrier/raster_image.ts";
import { convert, pythonPil, tempDir } from "./carrier_tools.ts";

/** The source picture all ImageMagick cases start from (photo-like, fixed seed). */
const IM_BASE = ["-size", "37x23", "-seed", "7", "plasma:"];
/** An alpha channel taken from the picture's own intensity, so that it varies. */
const IM_ALPHA = [
  "(",
  "+clone",
  "-colorspace",
  "Gray",
  ")",
  "-compose",
  "CopyOpacity",
  "-composite",
];

/** What a case must produce, checked against the file's IHDR so a case tests what it says. */
export interface CoverCase {
  readonly name: string;
  readonly tool: "imagemagick" | "pil";
  /** IHDR bit depth, colour type and interlace method the file must have. */
  readonly ihdr: readonly [number, number, number];
  /** Channels and bit depth the decoder must produce. */
  readonly decoded: readonly [number, number];
  /** ImageMagick arguments after the base picture (output name appended), or the PIL kind. */
  readonly recipe: readonly string[] | string;
}

const d8 = ["-define", "png:bit-depth=8"];
const d16 = ["-depth", "16", "-define", "png:bit-depth=16"];
const ct = (t: number) => ["-define", `png:color-type=${t}`];
const grey = ["-colorspace", "Gray"];

/** Every case: all colour types and bit depths, palettes with and without tRNS, Adam7. */
export const COVER_CASES: readonly CoverCase[] = [
  {
    name: "IM grey 1-bit",
    tool: "imagemagick",
    ihdr: [1, 0, 0],
    decoded: [1, 8],
    recipe: [...grey, "-threshold", "50%", "-define", "png:bit-depth=1", ...ct(0)],
  },
  {
    name: "IM grey 2-bit",
    tool: "imagemagick",
    ihdr: [2, 0, 0],
    decoded: [1, 8],
    recipe: [...grey, "-posterize", "4", "-define", "png:bit-depth=2", ...ct(0)],
  },
  {
    name: "IM grey 4-bit",
    tool: "imagemagick",
    ihdr: [4, 0, 0],
    decoded: [1, 8],
    recipe: [...grey, "-posterize", "16", "-define", "png:bit-depth=4", ...ct(0)],
  },
  {
    name: "IM grey 8-bit",
    tool: "imagemagick",
    ihdr: [8, 0, 0],
    decoded: [1, 8],
    recipe: [...grey, ...d8, ...ct(0)],
  },
  {
    name: "IM grey 16-bit",
    tool: "imagemagick",
    ihdr: [16, 0, 0],
    decoded: [1, 16],
    recipe: [...grey, ...d16, ...ct(0)],
  },
  {
    name: "IM grey+alpha 8-bit",
    tool: "imagemagick",
    ihdr: [8, 4, 0],
    decoded: [2, 8],
    recipe: [...grey, "-alpha", "copy", ...d8, ...ct(4)],
  },
  {
    name: "IM grey+alpha 16-bit",
    tool: "imagemagick",
    ihdr: [16, 4, 0],
    decoded: [2, 16],
    recipe: [...grey, "-alpha", "copy", ...d16, ...ct(4)],
  },
  {
    name: "IM RGB 8-bit",
    tool: "imagemagick",
    ihdr: [8, 2, 0],
    decoded: [3, 8],
    recipe: [...d8, ...ct(2)],
  },
  {
    name: "IM RGB 16-bit",
    tool: "imagemagick",
    ihdr: [16, 2, 0],
    decoded: [3, 16],
    recipe: [...d16, ...ct(2)],
  },
  {
    name: "IM RGBA 8-bit",
    tool: "imagemagick",
    ihdr: [8, 6, 0],
    decoded: [4, 8],
    recipe: [...IM_ALPHA, ...d8, ...ct(6)],
  },
  {
    name: "IM RGBA 16-bit",
    tool: "imagemagick",
    ihdr: [16, 6, 0],
    decoded: [4, 16],
    recipe: [...IM_ALPHA, ...d16, ...ct(6)],
  },
  {
    name: "IM palette 8-bit",
    tool: "imagemagick",
    ihdr: [8, 3, 0],
    decoded: [3, 8],
    recipe: ["-colors", "200", "PNG8:"],
  },
  {
    name: "IM palette 8-bit with tRNS",
    tool: "imagemagick",
    ihdr: [8, 3, 0],
    decoded: [4, 8],
    recipe: [
      "(",
      "+clone",
      ...grey,
      "-threshold",
      "40%",
      ")",
      "-compose",
      "CopyOpacity",
      "-composite",
      "PNG8:",
    ],
  },
  {
    name: "IM palette 2-bit",
    tool: "imagemagick",
    ihdr: [2, 3, 0],
    decoded: [3, 8],
    recipe: ["+dither", "-colors", "4", "-define", "png:bit-depth=2", "PNG8:"],
  },
  {
    name: "IM interlaced RGB 8-bit",
    tool: "imagemagick",
    ihdr: [8, 2, 1],
    decoded: [3, 8],
    recipe: ["-interlace", "PNG", ...d8, ...ct(2)],
  },
  {
    name: "IM interlaced grey 1-bit",
    tool: "imagemagick",
    ihdr: [1, 0, 1],
    decoded: [1, 8],
    recipe: [
      ...grey,
      "-threshold",
      "50%",
      "-interlace",
      "PNG",
      "-define",
      "png:bit-depth=1",
      ...ct(0),
    ],
  },
  {
    name: "IM interlaced RGBA 16-bit",
    tool: "imagemagick",
    ihdr: [16, 6, 1],
    decoded: [4, 16],
    recipe: [...IM_ALPHA, "-interlace", "PNG", ...d16, ...ct(6)],
  },
  {
    name: "IM interlaced palette 4-bit",
    tool: "imagemagick",
    ihdr: [4, 3, 1],
    decoded: [3, 8],
    recipe: ["+dither", "-colors", "4", "-type", "Palette", "-depth", "2", "-interlace", "PNG"],
  },
  {
    name: "IM interlaced palette with tRNS",
    tool: "imagemagick",
    ihdr: [8, 3, 1],
    decoded: [4, 8],
    recipe: [
      "(",
      "+clone",
      ...grey,
      "-threshold",
      "40%",
      ")",
      "-compose",
      "CopyOpacity",
      "-composite",
      "-interlace",
      "PNG",
      "PNG8:",
    ],
  },
  { name: "PIL mode 1", tool: "pil", ihdr: [1, 0, 0], decoded: [1, 8], recipe: "1" },
  { name: "PIL mode L", tool: "pil", ihdr: [8, 0, 0], decoded: [1, 8], recipe: "L" },
  { name: "PIL mode L with tRNS", tool: "pil", ihdr: [8, 0, 0], decoded: [2, 8], recipe: "L-trns" },
  { name: "PIL mode LA", tool: "pil", ihdr: [8, 4, 0], decoded: [2, 8], recipe: "LA" },
  { name: "PIL mode RGB", tool: "pil", ihdr: [8, 2, 0], decoded: [3, 8], recipe: "RGB" },
  {
    name: "PIL mode RGB with tRNS",
    tool: "pil",
    ihdr: [8, 2, 0],
    decoded: [4, 8],
    recipe: "RGB-trns",
  },
  { name: "PIL mode RGBA", tool: "pil", ihdr: [8, 6, 0], decoded: [4, 8], recipe: "RGBA" },
  { name: "PIL palette 1-bit", tool: "pil", ihdr: [1, 3, 0], decoded: [3, 8], recipe: "P1" },
  { name: "PIL palette 4-bit", tool: "pil", ihdr: [4, 3, 0], decoded: [3, 8], recipe: "P4" },
  {
    name: "PIL palette 8-bit with partial tRNS",
    tool: "pil",
    ihdr: [8, 3, 0],
    decoded: [4, 8],
    recipe: "P-trns",
  },
  { name: "PIL mode I;16", tool: "pil", ihdr: [16, 0, 0], decoded: [1, 16], recipe: "I16" },
];

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

/** Produces the file of an ImageMagick case in `dir` and reads it back as the reference. */
async function makeImageMagickCover(c: CoverCase, dir: string): Promise<MadeCover> {
  const path = join(dir, fileName(c));
  const recipe = [...(c.recipe as readonly string[])];
  const last = recipe.at(-1)!;
  // A trailing "PNG8:" is a format prefix for the output name.
  const out = last.endsWith(":") ? (recipe.pop(), last + path) : path;
  await convert(...IM_BASE, ...recipe, out);
  const reference = c.decoded[1] === 16
    ? bigEndian16(await convert(path, "-depth", "16", "-endian", "MSB", "rgba:-"))
    : await convert(path, "-depth", "8", "rgba:-");
  return { file: await Deno.readFile(path), reference };
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
 * Every case of `COVER_CASES`, made once per test process, four tool runs at a time (the tools
 * start slowly; the machine has two cores). Files are read into memory and the directory removed.
 */
export function allCovers(): Promise<Map<string, MadeCover>> {
  covers ??= (async () => {
    const dir = await tempDir();
    try {
      const made = new Map<string, MadeCover>();
      const magick = COVER_CASES.filter((c) => c.tool === "imagemagick");
      const pil = COVER_CASES.filter((c) => c.tool === "pil");
      const pilDone = makePilCovers(pil, dir.path).then((list) =>
        list.forEach((m, i) => made.set(pil[i]!.name, m))
      );
      let next = 0;
      const worker = async () => {
        while (next < magick.length) {
          const c = magick[next++]!;
          made.set(c.name, await makeImageMagickCover(c, dir.path));
        }
      };
      await Promise.all([pilDone, worker(), worker(), worker()]);
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
