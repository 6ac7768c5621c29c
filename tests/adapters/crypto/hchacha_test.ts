import assert from "node:assert/strict";
import { hchacha20 } from "../../../adapters/crypto/hchacha.ts";
import { loadVectors } from "./vectors.ts";

Deno.test("hchacha20() reproduces the draft-irtf-cfrg-xchacha 2.2.1 subkey", () => {
  for (const v of loadVectors("hchacha20.json").cases) {
    assert.deepEqual(hchacha20(v.key, v.input), v.subkey, v.name);
  }
});

Deno.test("hchacha20() reads unaligned views correctly and leaves its inputs untouched", () => {
  const v = loadVectors("hchacha20.json").cases[0]!;
  const backing = new Uint8Array(1 + 32 + 16);
  backing.set(v.key, 1);
  backing.set(v.input, 33);
  const key = backing.subarray(1, 33);
  const input = backing.subarray(33);
  assert.deepEqual(hchacha20(key, input), v.subkey);
  assert.deepEqual(key, v.key);
  assert.deepEqual(input, v.input);
});
