import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import {
  checkFactor,
  checkHandleSize,
  checkProfileId,
  itemIdOf,
  newItemHandle,
} from "../../../adapters/platform/platform_inputs.ts";

Deno.test("checkProfileId() accepts lower-case hex of 8 to 128 characters only", () => {
  checkProfileId("0123456789abcdef");
  checkProfileId("a".repeat(128));
  for (
    const bad of ["", "abc", "0123456789ABCDEF", "a".repeat(129), "0123456789abcdeg", "01234567 "]
  ) {
    assert.throws(() => checkProfileId(bad), (e) => isPlicoError(e, "profile.corrupt"), bad);
  }
});

Deno.test("checkFactor() and checkHandleSize() enforce the sizes", () => {
  checkFactor(new Uint8Array(32));
  assert.throws(() => checkFactor(new Uint8Array(31)), (e) => isPlicoError(e, "crypto.bad_length"));
  checkHandleSize(new Uint8Array(4096));
  assert.throws(
    () => checkHandleSize(new Uint8Array(0)),
    (e) => isPlicoError(e, "profile.corrupt"),
  );
  assert.throws(
    () => checkHandleSize(new Uint8Array(4097)),
    (e) => isPlicoError(e, "profile.corrupt"),
  );
});

Deno.test("newItemHandle() makes fresh versioned handles that itemIdOf() reads back", () => {
  const a = newItemHandle();
  const b = newItemHandle();
  assert.equal(a.handle.length, 17);
  assert.equal(a.handle[0], 1);
  assert.match(a.itemId, /^[0-9a-f]{32}$/);
  assert.notEqual(a.itemId, b.itemId);
  assert.equal(itemIdOf(a.handle), a.itemId);
  const wrongVersion = a.handle.slice();
  wrongVersion[0] = 2;
  for (const bad of [wrongVersion, a.handle.subarray(0, 16), new Uint8Array(18).fill(1)]) {
    assert.throws(() => itemIdOf(bad), (e) => isPlicoError(e, "profile.corrupt"));
  }
});
