import assert from "node:assert/strict";
import zlib from "node:zlib";
import { inflateExact, ZlibWriter } from "../../../../adapters/carrier/png/zlib_stream.ts";
import { isPlicoError } from "../../../../domain/errors.ts";
import { zlibZeros } from "../../../support/carrier_png_builder.ts";
import { peakRssGrowthInChild } from "../../../support/memory_probe.ts";
import { seededRandom } from "../../../support/seeded_random.ts";

function compressible(size: number): Uint8Array {
  const random = seededRandom("zlib-data");
  const out = random.randomBytes(size);
  for (let i = 0; i < size; i++) out[i] = (out[i]! & 3) + (i % 97);
  return out;
}

/** Splits `data` into pieces of the given sizes, cycling through them. */
function split(data: Uint8Array, sizes: number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0, k = 0; at < data.length; k++) {
    const n = sizes[k % sizes.length]!;
    parts.push(data.subarray(at, at + n));
    at += n;
  }
  return parts;
}

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(isPlicoError(e, "carrier.error"), `expected carrier.error, got ${e}`);
    assert.match((e as Error).message, pattern);
    return true;
  });
}

Deno.test("inflateExact() restores data split over many IDAT-like parts, 1-byte parts included", async () => {
  const data = compressible(200_000);
  const z = new Uint8Array(zlib.deflateSync(data));
  const back = await inflateExact(split(z, [1, 1, 3, 5000, 1, 70_000]), data.length);
  assert.deepEqual(back, data);
});

Deno.test("inflateExact() refuses a stream that inflates to fewer bytes than expected", async () => {
  const data = compressible(10_000);
  const z = new Uint8Array(zlib.deflateSync(data));
  await rejects(inflateExact([z], 10_001), /decompresses to 10000 bytes, dimensions imply 10001/);
});

Deno.test("inflateExact() refuses a stream that inflates to more bytes than expected", async () => {
  const data = compressible(10_000);
  const z = new Uint8Array(zlib.deflateSync(data));
  await rejects(inflateExact([z], 9_999), /more than the 9999 bytes/);
});

Deno.test("inflateExact() refuses a stream cut short inside its Adler-32 trailer", async () => {
  const data = compressible(10_000);
  const z = new Uint8Array(zlib.deflateSync(data));
  for (const cut of [1, 2, 3, 4]) {
    await rejects(inflateExact([z.subarray(0, z.length - cut)], data.length), /zlib|image data/);
  }
});

Deno.test("inflateExact() refuses a wrong Adler-32 checksum and bytes after the stream", async () => {
  const data = compressible(10_000);
  const z = new Uint8Array(zlib.deflateSync(data));
  const badSum = z.slice();
  badSum[badSum.length - 1]! ^= 1;
  await rejects(inflateExact([badSum], data.length), /zlib/);
  const trailing = new Uint8Array(z.length + 3);
  trailing.set(z);
  await rejects(inflateExact([trailing], data.length), /zlib|image data/);
});

Deno.test("inflateExact() refuses a bad zlib header, a preset dictionary and raw deflate", async () => {
  const data = compressible(1000);
  const z = new Uint8Array(zlib.deflateSync(data));
  const badMethod = z.slice();
  badMethod[0] = 0x79; // CM = 9
  await rejects(inflateExact([badMethod], 1000), /valid zlib header/);
  const dict = z.slice();
  dict[1] = 0xbb; // FDICT set, FCHECK still makes (CMF*256+FLG) % 31 === 0 with CMF 0x78
  await rejects(inflateExact([dict], 1000), /preset dictionary/);
  const raw = new Uint8Array(zlib.deflateRawSync(data));
  await rejects(inflateExact([raw], 1000), /zlib/);
});

Deno.test("inflateExact() refuses data too short to reach the expected size before inflating", async () => {
  // The message only comes from the length pre-check that runs before any output is allocated.
  await rejects(
    inflateExact([new Uint8Array([0x78, 0x9c, 3, 0, 0, 0, 0, 1])], 200 << 20),
    /too short/,
  );
});

Deno.test("inflateExact() stops a 100 MB decompression bomb early, with bounded memory", async () => {
  const bomb = await zlibZeros(100_000_000);
  assert.ok(bomb.length < 200_000, `bomb is ${bomb.length} bytes`);
  await rejects(inflateExact(split(bomb, [8192]), 3_000_000), /more than the 3000000 bytes/);
  // Memory is measured in a process of its own: sibling test modules share this one's RSS.
  const probe = await peakRssGrowthInChild("zlib-bomb");
  assert.match(probe.error, /more than the 3000000 bytes/);
  // Expected output (3 MB) plus at most two steps of maximal expansion (~17 MB each).
  assert.ok(probe.growth < 64 * 2 ** 20, `RSS grew by ${probe.growth} bytes`);
});

Deno.test("ZlibWriter writes a zlib stream that node:zlib inflates back", async () => {
  const data = compressible(300_000);
  const writer = new ZlibWriter();
  for (let at = 0; at < data.length; at += 65_536) {
    await writer.write(data.subarray(at, at + 65_536));
  }
  const pieces = await writer.finish();
  const z = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    z.set(p, at);
    at += p.length;
  }
  assert.equal(z[0]! & 0x0f, 8, "zlib header, compression method 8");
  assert.deepEqual(new Uint8Array(zlib.inflateSync(z)), data);
  assert.deepEqual(await inflateExact([z], data.length), data);
});
