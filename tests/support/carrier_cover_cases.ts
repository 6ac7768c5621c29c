/**
 * The cover cases of the carrier tests: every PNG colour type and bit depth, palettes with and
 * without transparency, interlaced files, from ImageMagick and from PIL.
 *
 * @module
 */

/** The source picture all ImageMagick cases start from (photo-like, fixed seed). */
export const IM_BASE = ["-size", "37x23", "-seed", "7", "plasma:"];
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
