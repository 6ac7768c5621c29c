import assert from "node:assert/strict";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import {
  UNLOCK_LOCKOUT_MS,
  UNLOCK_MAX_PENDING,
  UNLOCK_PENDING_STALE_MS,
} from "../../domain/limits.ts";
import {
  decideAttempt,
  decodeThrottleRecord,
  encodeThrottleRecord,
  FRESH_RECORD,
  recordAttempt,
  recordFailure,
  recordSuccess,
  settleStale,
  THROTTLE_RECORD_BYTES,
  throttleMacKey,
} from "../../domain/unlock_throttle.ts";

const crypto = createCrypto();
const key = throttleMacKey(crypto, new Uint8Array(32).fill(7));

Deno.test("a throttle record round-trips and any edit, truncation or other key is refused", () => {
  const r = recordFailure(recordAttempt(FRESH_RECORD, 1000), 2000);
  const bytes = encodeThrottleRecord(crypto, key, r);
  assert.equal(bytes.length, THROTTLE_RECORD_BYTES);
  assert.deepEqual(decodeThrottleRecord(crypto, key, bytes), r);
  for (let i = 0; i < bytes.length; i++) {
    const bad = bytes.slice();
    bad[i]! ^= 1;
    assert.equal(decodeThrottleRecord(crypto, key, bad), null, `byte ${i}`);
  }
  assert.equal(decodeThrottleRecord(crypto, key, bytes.subarray(1)), null);
  assert.equal(decodeThrottleRecord(crypto, key, null), null);
  assert.equal(decodeThrottleRecord(crypto, throttleMacKey(crypto, null), bytes), null);
});

Deno.test("pending attempts are capped and stale ones become failures", () => {
  let r = FRESH_RECORD;
  for (let i = 0; i < UNLOCK_MAX_PENDING; i++) {
    assert.equal(decideAttempt(r, 10).allowed, true);
    r = recordAttempt(r, 10);
  }
  assert.equal(decideAttempt(r, 10).allowed, false);
  // Nobody reported back: after the stale time they count as failures, and lock the profile.
  const settled = settleStale(r, 10 + UNLOCK_PENDING_STALE_MS);
  assert.equal(settled.pending, 0);
  assert.equal(settled.failures, UNLOCK_MAX_PENDING);
  assert.equal(decideAttempt(settled, 10 + UNLOCK_PENDING_STALE_MS).allowed, false);
  assert.equal(settleStale(r, 10 + UNLOCK_PENDING_STALE_MS - 1).pending, UNLOCK_MAX_PENDING);
});

Deno.test("success clears failures; a clock set backwards does not shorten a wait", () => {
  let r = FRESH_RECORD;
  for (let i = 0; i < 10; i++) r = recordFailure(recordAttempt(r, 5000), 5000);
  assert.equal(r.lockedUntil, 5000 + UNLOCK_LOCKOUT_MS);
  assert.equal(decideAttempt(r, 4000).allowed, false);
  const ok = recordSuccess(recordAttempt(r, 5000 + UNLOCK_LOCKOUT_MS));
  assert.equal(ok.failures, 0);
  assert.equal(ok.total, 11);
  assert.equal(decideAttempt(ok, 0).allowed, true);
});

Deno.test("a killed attempt goes stale even while new attempts keep arriving", () => {
  // A killed attempt at t=0, then honest unlocks every 30 s that succeed 15 s later.
  let r = recordAttempt(FRESH_RECORD, 0);
  for (let t = 30_000; t <= 240_000; t += 30_000) {
    r = settleStale(r, t);
    assert.equal(decideAttempt(r, t).allowed, true, `t=${t}`);
    r = recordSuccess(recordAttempt(r, t));
  }
  assert.equal(r.pending, 0, "the killed attempt was settled");
  assert.equal(r.pendingSince, 0);
});
