import assert from "node:assert/strict";
import { systemRandom } from "../../../adapters/crypto/system_random.ts";
import { assertThrowsCode, isPlainBytes } from "./assert_plico.ts";

Deno.test("systemRandom.randomBytes() returns exactly the bytes asked for, as a plain Uint8Array", () => {
  for (const length of [0, 1, 32, 65_536, 65_537, 200_000]) {
    const bytes = systemRandom.randomBytes(length);
    assert.equal(bytes.length, length);
    assert.ok(isPlainBytes(bytes));
  }
});

Deno.test("systemRandom.randomBytes() fills every 64 KiB piece of a large request", () => {
  const bytes = systemRandom.randomBytes(3 * 65_536 + 10);
  for (let offset = 0; offset < bytes.length; offset += 65_536) {
    const piece = bytes.subarray(offset, Math.min(bytes.length, offset + 65_536));
    // A piece of at least 10 random bytes is all zero with probability 2^-80.
    assert.ok(piece.some((b) => b !== 0), `piece at ${offset} is all zero`);
  }
});

Deno.test("systemRandom.randomBytes() gives different bytes on each call", () => {
  assert.notDeepEqual(systemRandom.randomBytes(32), systemRandom.randomBytes(32));
});

Deno.test("systemRandom.randomBytes() refuses a negative or fractional length with crypto.bad_length", () => {
  for (const length of [-1, 1.5, Number.NaN]) {
    assertThrowsCode(() => systemRandom.randomBytes(length), "crypto.bad_length");
  }
});
