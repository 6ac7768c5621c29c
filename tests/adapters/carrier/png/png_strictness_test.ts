import assert from "node:assert/strict";
import { crc32 } from "../../../../domain/crc32.ts";
import { decodePng } from "../../../../adapters/carrier/png/png_decoder.ts";
import { isPlicoError } from "../../../../domain/errors.ts";
import {
  buildPng,
  type ChunkSpec,
  ihdr,
  unfilteredScanlines,
  validPng,
  zlibCompress,
  zlibZeros,
} from "../../../support/carrier_png_builder.ts";
import { peakRssGrowthInChild } from "../../../support/memory_probe.ts";
import { seededRandom } from "../../../support/seeded_random.ts";

/** Asserts that decoding `file` fails with carrier.error and a message matching `pattern`. */
async function refused(file: Uint8Array, pattern: RegExp): Promise<void> {
  await assert.rejects(decodePng(file), (e: unknown) => {
    assert.ok(isPlicoError(e, "carrier.error"), `expected carrier.error, got ${e}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

const idat = (rows: number, rowBytes: number, fill?: (i: number) => number): ChunkSpec => ({
  type: "IDAT",
  data: zlibCompress(unfilteredScanlines(rows, rowBytes, fill)),
});

Deno.test("decodePng() accepts the hand-built baseline file the other cases break", async () => {
  const image = await decodePng(
    validPng(4, 3, [{ type: "tEXt", data: new Uint8Array([65, 0, 66]) }]),
  );
  assert.deepEqual([image.width, image.height, image.channels, image.bitDepth], [4, 3, 3, 8]);
  assert.deepEqual([...image.samples.subarray(0, 4)], [0, 1, 2, 3]);
});

Deno.test("decodePng() says 'not a PNG' for empty, text and random input", async () => {
  await refused(new Uint8Array(0), /not a PNG/);
  await refused(new TextEncoder().encode("hello, this is text"), /not a PNG/);
  await refused(seededRandom("not-png").randomBytes(4096), /not a PNG/);
});

Deno.test("decodePng() names lossy formats and asks for a PNG", async () => {
  const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const cases: [number[], string][] = [
    [[0xff, 0xd8, 0xff, 0xe0, 0, 0x10, ...ascii("JFIF")], "JPEG"],
    [ascii("GIF89a\x01\x00\x01\x00"), "GIF"],
    [[...ascii("RIFF"), 0x24, 0, 0, 0, ...ascii("WEBPVP8 ")], "WebP"],
    [[0, 0, 0, 0x1c, ...ascii("ftypavif")], "HEIF/AVIF"],
  ];
  for (const [bytes, name] of cases) {
    await refused(
      new Uint8Array([...bytes, 0, 0, 0, 0]),
      new RegExp(`lossy/unsupported format \\(${name}\\): use a PNG`),
    );
  }
});

Deno.test("decodePng() refuses every truncation of a valid file", async () => {
  const file = validPng();
  for (let cut = 1; cut < file.length; cut++) {
    await refused(file.subarray(0, cut), cut < 8 ? /truncated inside the signature/ : /truncated/);
  }
});

Deno.test("decodePng() refuses a CRC mismatch in any chunk", async () => {
  const file = validPng();
  const inIdat = file.slice();
  inIdat[8 + 25 + 8 + 2]! ^= 0x10; // a byte of IDAT data
  await refused(inIdat, /CRC mismatch in chunk IDAT/);
  const inCrc = file.slice();
  inCrc[8 + 21]! ^= 1; // last byte of IHDR's CRC
  await refused(inCrc, /CRC mismatch in chunk IHDR/);
});

Deno.test("decodePng() refuses oversized or invalid dimensions before decompressing", async () => {
  const withHeader = (data: Uint8Array) =>
    buildPng([{ type: "IHDR", data }, idat(1, 3), { type: "IEND" }]);
  await refused(withHeader(ihdr(40_000, 1)), /PNG too large: 40000x1 exceeds 32768/);
  await refused(withHeader(ihdr(10_000, 10_000)), /more than 67108864 pixels/);
  await refused(withHeader(ihdr(8192, 8192, 16, 6)), /would decompress to 536879104 bytes/);
  await refused(withHeader(ihdr(0, 5)), /zero width or height/);
  await refused(withHeader(ihdr(2 ** 31, 1)), /above 2\^31-1/);
});

Deno.test("decodePng() refuses bit depth and colour type combinations the spec forbids", async () => {
  for (const [depth, type] of [[16, 3], [4, 2], [2, 6], [1, 4], [8, 1], [8, 5], [3, 0]]) {
    const file = buildPng([{ type: "IHDR", data: ihdr(1, 1, depth, type) }, idat(1, 8), {
      type: "IEND",
    }]);
    await refused(file, /bit depth|colour type/);
  }
  const methods: [number, RegExp][] = [[10, /compression method/], [11, /filter method/], [
    12,
    /interlace method/,
  ]];
  for (const [at, pattern] of methods) {
    const data = ihdr(1, 1);
    data[at] = at === 12 ? 2 : 1;
    await refused(buildPng([{ type: "IHDR", data }, idat(1, 3), { type: "IEND" }]), pattern);
  }
  await refused(
    buildPng([{ type: "IHDR", data: new Uint8Array(14) }, { type: "IEND" }]),
    /IHDR has 14 bytes/,
  );
});

Deno.test("decodePng() refuses more than 65536 chunks", async () => {
  const many: ChunkSpec[] = Array.from({ length: 70_000 }, () => ({ type: "tEXt" }));
  await refused(validPng(4, 3, many), /more than 65536 chunks/);
});

Deno.test("decodePng() refuses huge declared chunk lengths without reading them", async () => {
  await refused(
    validPng(4, 3, [{ type: "tEXt", length: 0x7fff_fff0 }]),
    /chunk tEXt declares 2147483632 bytes, limit is 16777216/,
  );
  await refused(validPng(4, 3, [{ type: "tEXt", length: 0xffff_ffff }]), /above the PNG maximum/);
  const idatTooLong = buildPng([{ type: "IHDR", data: ihdr(4, 3) }, {
    type: "IDAT",
    length: 300 * 2 ** 20,
  }]);
  await refused(idatTooLong, /chunk IDAT declares 314572800 bytes, limit is 268435456/);
  const idatPastEnd = buildPng([{ type: "IHDR", data: ihdr(4, 3) }, {
    type: "IDAT",
    length: 1 << 20,
  }]);
  await refused(idatPastEnd, /truncated inside chunk IDAT/);
});

Deno.test("decodePng() stops a 100 MB bomb behind modest dimensions early, with bounded memory", async () => {
  const bomb = await zlibZeros(100_000_000);
  const file = buildPng([{ type: "IHDR", data: ihdr(1000, 1000) }, { type: "IDAT", data: bomb }, {
    type: "IEND",
  }]);
  await refused(file, /more than the 3001000 bytes its dimensions imply/);
  // Memory is measured in a process of its own: sibling test modules share this one's RSS.
  const probe = await peakRssGrowthInChild("png-bomb");
  assert.match(probe.error, /more than the 3001000 bytes its dimensions imply/);
  assert.ok(probe.growth < 64 * 2 ** 20, `RSS grew by ${probe.growth} bytes`);
});

Deno.test("decodePng() refuses a bomb behind huge dimensions without decompressing", async () => {
  const bomb = await zlibZeros(100_000_000);
  const huge = buildPng([{ type: "IHDR", data: ihdr(100_000, 100_000) }, {
    type: "IDAT",
    data: bomb,
  }, { type: "IEND" }]);
  await refused(huge, /PNG too large/);
  // Within the limits but claiming 192 MiB: the bomb is too small to reach it, so the length
  // pre-check (the only source of this message) refuses it before any inflating.
  const large = buildPng([{ type: "IHDR", data: ihdr(8192, 8192) }, { type: "IDAT", data: bomb }, {
    type: "IEND",
  }]);
  await refused(large, /too short for the image dimensions/);
});

Deno.test("decodePng() enforces chunk order: IHDR first and once, IDATs consecutive, IEND last", async () => {
  const head: ChunkSpec = { type: "IHDR", data: ihdr(4, 3) };
  const rows = unfilteredScanlines(3, 12);
  const z = zlibCompress(rows);
  const half = [{ type: "IDAT", data: z.subarray(0, 10) }, { type: "IDAT", data: z.subarray(10) }];
  assert.equal((await decodePng(buildPng([head, ...half, { type: "IEND" }]))).width, 4);
  await refused(
    buildPng([half[0]!, head, half[1]!, { type: "IEND" }]),
    /first chunk is IDAT, not IHDR/,
  );
  await refused(buildPng([head, head, ...half, { type: "IEND" }]), /more than one IHDR/);
  await refused(
    buildPng([head, half[0]!, { type: "tIME", data: new Uint8Array(7) }, half[1]!, {
      type: "IEND",
    }]),
    /not consecutive/,
  );
  await refused(buildPng([head, { type: "IEND" }]), /no IDAT/);
  await refused(buildPng([head, ...half]), /file ends before IEND/);
  await refused(
    buildPng([head, ...half, { type: "IEND", data: new Uint8Array(1) }]),
    /IEND chunk is not empty/,
  );
  const trailing = buildPng([head, ...half, { type: "IEND" }]);
  await refused(new Uint8Array([...trailing, 0, 0, 0]), /3 bytes of trailing data after IEND/);
});

Deno.test("decodePng() refuses unknown critical chunks and malformed chunk types", async () => {
  await refused(
    validPng(4, 3, [{ type: "CgBI", data: new Uint8Array(4) }]),
    /unknown critical chunk CgBI/,
  );
  await refused(validPng(4, 3, [{ type: "PrIv" }]), /unknown critical chunk PrIv/);
  assert.equal(
    (await decodePng(validPng(4, 3, [{ type: "prIv" }]))).width,
    4,
    "private ancillary ok",
  );
  await refused(validPng(4, 3, [{ type: "abcd" }]), /chunk abcd has the reserved bit set/);
  const file = validPng(4, 3, [{ type: "tEXt" }]);
  file.set([0x74, 0x45, 0x31, 0x74], 8 + 25 + 4); // "tE1t"
  await refused(file, /invalid chunk type bytes/);
});

Deno.test("decodePng() checks palettes and transparency", async () => {
  const palette = (n: number) => ({
    type: "PLTE",
    data: new Uint8Array(3 * n).map((_, i) => i * 7),
  });
  const p8 = (extra: ChunkSpec[], index: number) =>
    buildPng([{ type: "IHDR", data: ihdr(2, 1, 8, 3) }, ...extra, idat(1, 2, () => index), {
      type: "IEND",
    }]);
  const ok = await decodePng(p8([palette(3)], 2));
  assert.deepEqual([...ok.samples], [42, 49, 56, 42, 49, 56]);
  await refused(p8([palette(3)], 3), /palette index 3 out of range \(3 entries\)/);
  await refused(p8([], 0), /palette image without PLTE/);
  await refused(p8([palette(3), palette(3)], 0), /more than one PLTE/);
  await refused(p8([{ type: "PLTE", data: new Uint8Array(4) }], 0), /PLTE has 4 bytes/);
  await refused(
    p8([palette(3), { type: "tRNS", data: new Uint8Array(4) }], 0),
    /tRNS has more entries than PLTE/,
  );
  await refused(p8([{ type: "tRNS", data: new Uint8Array(1) }, palette(3)], 0), /tRNS before PLTE/);
  const lateTrns = buildPng([{ type: "IHDR", data: ihdr(2, 1, 8, 3) }, palette(3), idat(1, 2), {
    type: "tRNS",
    data: new Uint8Array(1),
  }, { type: "IEND" }]);
  await refused(lateTrns, /tRNS after IDAT/);
  const small = buildPng([{ type: "IHDR", data: ihdr(2, 1, 1, 3) }, palette(3), idat(1, 1), {
    type: "IEND",
  }]);
  await refused(small, /more entries than bit depth 1 can index/);
  const greyPlte = buildPng([{ type: "IHDR", data: ihdr(2, 1, 8, 0) }, palette(2), idat(1, 2), {
    type: "IEND",
  }]);
  await refused(greyPlte, /PLTE in a greyscale image/);
  const rgbaTrns = buildPng([
    { type: "IHDR", data: ihdr(1, 1, 8, 6) },
    { type: "tRNS", data: new Uint8Array(6) },
    idat(1, 4),
    { type: "IEND" },
  ]);
  await refused(rgbaTrns, /tRNS in an image that already has an alpha channel/);
  const greyTrns = buildPng([
    { type: "IHDR", data: ihdr(1, 1, 8, 0) },
    { type: "tRNS", data: new Uint8Array(6) },
    idat(1, 1),
    { type: "IEND" },
  ]);
  await refused(greyTrns, /tRNS has 6 bytes, expected 2/);
});

Deno.test("decodePng() refuses an unknown filter type and a stream of the wrong size", async () => {
  const rows = unfilteredScanlines(3, 12);
  rows[13] = 5; // filter byte of the second row
  const head: ChunkSpec = { type: "IHDR", data: ihdr(4, 3) };
  await refused(
    buildPng([head, { type: "IDAT", data: zlibCompress(rows) }, { type: "IEND" }]),
    /unknown filter type 5 in scanline 1/,
  );
  const short = zlibCompress(unfilteredScanlines(2, 12));
  await refused(
    buildPng([head, { type: "IDAT", data: short }, { type: "IEND" }]),
    /decompresses to 26 bytes, dimensions imply 39/,
  );
});

Deno.test("decodePng() either decodes or throws carrier.error for 2000 mutated files", async () => {
  const random = seededRandom("png-fuzz");
  const base = buildPng([
    { type: "IHDR", data: ihdr(5, 4, 8, 3) },
    { type: "PLTE", data: new Uint8Array(12).map((_, i) => i * 20) },
    { type: "tRNS", data: new Uint8Array([0, 128]) },
    { type: "IDAT", data: zlibCompress(unfilteredScanlines(4, 5, (i) => i % 4)) },
    { type: "IEND" },
  ]);
  let decoded = 0;
  for (let round = 0; round < 2000; round++) {
    const file = base.slice();
    const r = random.randomBytes(8);
    const flips = 1 + (r[0]! % 3);
    for (let k = 0; k < flips; k++) {
      const at = 8 + ((r[1 + k]! << 8 | r[4 + k]!) % (file.length - 8));
      file[at] = file[at]! ^ (1 << (r[7]! % 8));
    }
    if (round % 2 === 0) fixCrcs(file); // half the cases reach past the CRC check
    try {
      const image = await decodePng(file);
      assert.equal(image.samples.length, image.width * image.height * image.channels);
      decoded++;
    } catch (e) {
      assert.ok(isPlicoError(e, "carrier.error"), `round ${round}: ${e}`);
    }
  }
  assert.ok(decoded < 2000);
});

/** Recomputes every CRC of a file whose chunk framing may have been damaged (best effort). */
function fixCrcs(file: Uint8Array): void {
  const view = new DataView(file.buffer);
  let at = 8;
  while (at + 12 <= file.length) {
    const length = view.getUint32(at);
    if (at + 12 + length > file.length) return;
    view.setUint32(at + 8 + length, crc32(file.subarray(at + 4, at + 8 + length)));
    at += 12 + length;
  }
}
