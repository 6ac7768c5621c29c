import assert from "node:assert/strict";
import { systemClock } from "../../../adapters/crypto/system_clock.ts";

Deno.test("systemClock.now() reads the wall clock in milliseconds since the Unix epoch", () => {
  const before = Date.now();
  const now = systemClock.now();
  const after = Date.now();
  assert.ok(Number.isSafeInteger(now));
  assert.ok(before <= now && now <= after);
});
