/**
 * Tests of the deterministic test ports in `tests/support/` (seededRandom, fixedClock); they live
 * here because this folder owns them.
 */

import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { concat } from "../../../domain/bytes.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import { seededRandom } from "../../support/seeded_random.ts";

Deno.test("seededRandom() is the ChaCha20 keystream under SHA3-256(seed), as OpenSSL computes it", () => {
  const seed = "plico vectors";
  const key = sha3_256(new TextEncoder().encode(seed));
  // OpenSSL's chacha20 IV is the 32-bit little-endian block counter followed by the 12-byte nonce.
  const cipher = createCipheriv("chacha20", key, new Uint8Array(16));
  const keystream = new Uint8Array(cipher.update(new Uint8Array(1000)));
  assert.deepEqual(seededRandom(seed).randomBytes(1000), keystream);
});

Deno.test("seededRandom() streams the same bytes however the requests are split", () => {
  const whole = seededRandom("split").randomBytes(300);
  const random = seededRandom("split");
  const parts = [0, 3, 61, 64, 1, 100, 71].map((n) => random.randomBytes(n));
  assert.deepEqual(concat(...parts), whole);
});

Deno.test("seededRandom() differs between seeds and repeats for the same seed", () => {
  assert.deepEqual(seededRandom("a").randomBytes(64), seededRandom("a").randomBytes(64));
  assert.notDeepEqual(seededRandom("a").randomBytes(64), seededRandom("b").randomBytes(64));
  assert.throws(() => seededRandom("a").randomBytes(-1), RangeError);
});

Deno.test("fixedClock() only moves when advanced or set", () => {
  const clock = fixedClock(1_700_000_000_000);
  assert.equal(clock.now(), 1_700_000_000_000);
  assert.equal(clock.now(), 1_700_000_000_000);
  clock.advance(1500);
  assert.equal(clock.now(), 1_700_000_001_500);
  clock.set(5);
  assert.equal(clock.now(), 5);
  assert.throws(() => clock.advance(0.5), RangeError);
  assert.throws(() => fixedClock(Number.NaN), RangeError);
});
