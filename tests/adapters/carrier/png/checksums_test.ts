import assert from "node:assert/strict";
import zlib from "node:zlib";
import { adler32 } from "../../../../adapters/carrier/png/adler32.ts";
import { crc32 } from "../../../../domain/crc32.ts";
import { seededRandom } from "../../../support/seeded_random.ts";

const ascii = (s: string) => new TextEncoder().encode(s);

Deno.test("crc32() gives the standard check value for '123456789'", () => {
  assert.equal(crc32(ascii("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

Deno.test("crc32() of split parts equals crc32() of their concatenation", () => {
  const data = seededRandom("crc-split").randomBytes(1000);
  assert.equal(crc32(data.subarray(0, 3), data.subarray(3, 700), data.subarray(700)), crc32(data));
});

Deno.test("crc32() matches the CRC of the IEND chunk every PNG ends with", () => {
  assert.equal(crc32(ascii("IEND")), 0xae426082);
});

Deno.test("adler32() gives the RFC 1950 example value and 1 for no data", () => {
  assert.equal(adler32(ascii("Wikipedia")), 0x11e60398);
  assert.equal(adler32(new Uint8Array(0)), 1);
});

Deno.test("adler32() agrees with the trailer node:zlib writes, across its reduction interval", () => {
  const random = seededRandom("adler");
  for (const size of [1, 5551, 5552, 5553, 100_000]) {
    const data = random.randomBytes(size);
    data.fill(0xff, 0, Math.min(size, 6000)); // worst case for the running sums
    const z = zlib.deflateSync(data);
    const trailer = new DataView(z.buffer, z.byteOffset + z.length - 4, 4).getUint32(0, false);
    assert.equal(adler32(data), trailer, `size ${size}`);
  }
});
