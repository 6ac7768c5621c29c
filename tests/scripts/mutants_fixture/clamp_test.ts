import assert from "node:assert/strict";
import { clamp } from "./clamp.ts";

Deno.test("clamp() keeps values inside the range", () => {
  assert.equal(clamp(5, 0, 3), 3);
  assert.equal(clamp(-1, 0, 3), 0);
  assert.equal(clamp(2, 0, 3), 2);
});
