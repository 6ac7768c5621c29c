import assert from "node:assert/strict";
import { keyOf } from "../../../adapters/cli/deno_cli_io.ts";

Deno.test("keyOf(): the keys that step through QR codes, and nothing else", () => {
  const key = (...bytes: number[]) => keyOf(Uint8Array.from(bytes));
  for (const b of [0x0d, 0x0a, 0x20, 0x6e, 0x4e]) assert.equal(key(b), "next", `${b}`);
  assert.equal(key(0x1b, 0x5b, 0x43), "next");
  assert.equal(key(0x62), "back");
  assert.equal(key(0x1b, 0x5b, 0x44), "back");
  assert.equal(key(0x71), "stop");
  assert.equal(key(0x1b), "stop");
  assert.equal(key(0x03), "cancel");
  for (const other of [[0x61], [0x1b, 0x5b, 0x41], [0x20, 0x20], []]) {
    assert.equal(key(...other), null, `${other}`);
  }
});
