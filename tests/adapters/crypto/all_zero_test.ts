import assert from "node:assert/strict";
import { isAllZero } from "../../../adapters/crypto/all_zero.ts";

Deno.test("isAllZero() is true for zero buffers of any length, including empty", () => {
  for (const length of [0, 1, 31, 32, 33, 1000]) {
    assert.equal(isAllZero(new Uint8Array(length)), true);
  }
});

Deno.test("isAllZero() is false when any one byte, at any position, has any bit set", () => {
  for (let position = 0; position < 32; position++) {
    for (let bit = 0; bit < 8; bit++) {
      const bytes = new Uint8Array(32);
      bytes[position] = 1 << bit;
      assert.equal(isAllZero(bytes), false, `byte ${position} bit ${bit}`);
    }
  }
});
