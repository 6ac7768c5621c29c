/**
 * A forged throttle record that is perfectly sane — a fresh counter, well-formed, right length
 * — but carries a MAC made without the profile's throttle key is stopped by the MAC alone: the
 * very next attempt, even with a wrong passphrase (so the after-unlock audit of PROTOCOL §2.5
 * never runs), meets the lock-out. Without the MAC check it would be a free, fresh guess.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { createProfile } from "../../application/create_profile.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { encodeThrottleRecord, FRESH_RECORD } from "../../domain/unlock_throttle.ts";
import { fixedClock } from "../support/fixed_clock.ts";
import { depsWithRealKdf, tempProfileDir, TEST_PASSPHRASE } from "../support/profile_fixture.ts";

const WRONG = "orbit lantern velvet 43 quay";

async function attempt(dir: string, clock: ReturnType<typeof fixedClock>, pass: string) {
  try {
    (await unlockProfile(depsWithRealKdf(dir, { clock }), pass)).lock();
    return "ok";
  } catch (e) {
    if (isPlicoError(e)) return e.code;
    throw e;
  }
}

Deno.test("a sane throttle record with a forged MAC locks out at the very next attempt", async () => {
  const t = tempProfileDir();
  const clock = fixedClock(Date.UTC(2026, 0, 1));
  const crypto = createCrypto();
  try {
    await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    for (let i = 0; i < 2; i++) {
      assert.equal(await attempt(t.dir, clock, WRONG), "profile.bad_passphrase");
    }
    // The forger's key is not the profile's: only the MAC tells this record from a real one.
    const forged = encodeThrottleRecord(crypto, new Uint8Array(32).fill(7), FRESH_RECORD);
    const db = new DatabaseSync(join(t.dir, "attempts.db"));
    try {
      db.prepare("UPDATE attempts SET record = ?").run(forged);
    } finally {
      db.close();
    }
    assert.equal(await attempt(t.dir, clock, WRONG), "profile.locked_out");
  } finally {
    t.remove();
  }
});
