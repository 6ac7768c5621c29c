import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { changePassphrase } from "../../application/change_passphrase.ts";
import { createProfile } from "../../application/create_profile.ts";
import { profileStatus } from "../../application/profile_status.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { UNLOCK_LOCKOUT_MS } from "../../domain/limits.ts";
import {
  encodeThrottleRecord,
  FRESH_RECORD,
  throttleMacKey,
} from "../../domain/unlock_throttle.ts";
import { fixedClock } from "../support/fixed_clock.ts";
import { depsWithRealKdf, tempProfileDir, TEST_PASSPHRASE } from "../support/profile_fixture.ts";

const WRONG = "orbit lantern velvet 43 quay";
const T0 = Date.UTC(2026, 0, 1);

async function attempt(dir: string, clock: ReturnType<typeof fixedClock>, pass: string) {
  try {
    const p = await unlockProfile(depsWithRealKdf(dir, { clock }), pass);
    p.lock();
    return "ok";
  } catch (e) {
    if (isPlicoError(e)) return e.code;
    throw e;
  }
}

function attemptsRecord(dir: string, value: Uint8Array | null): void {
  const db = new DatabaseSync(join(dir, "attempts.db"));
  try {
    if (value === null) db.exec("DELETE FROM attempts");
    else db.prepare("UPDATE attempts SET record = ?").run(value);
  } finally {
    db.close();
  }
}

Deno.test("failed unlocks escalate delays and then lock the profile out for a day", async () => {
  const t = tempProfileDir();
  const clock = fixedClock(T0);
  try {
    await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    for (let i = 0; i < 3; i++) {
      assert.equal(await attempt(t.dir, clock, WRONG), "profile.bad_passphrase");
    }
    // The fourth try needs a 5 s wait, even with the right passphrase.
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "profile.locked_out");
    clock.advance(5_000);
    assert.equal(await attempt(t.dir, clock, WRONG), "profile.bad_passphrase");
    for (const wait of [15_000, 30_000, 60_000, 300_000, 900_000, 3_600_000]) {
      assert.equal(await attempt(t.dir, clock, WRONG), "profile.locked_out");
      clock.advance(wait);
      assert.equal(await attempt(t.dir, clock, WRONG), "profile.bad_passphrase");
    }
    // Ten failures: locked out for 24 hours.
    const status = await profileStatus(depsWithRealKdf(t.dir, { clock }));
    assert.equal(status.lockout, "locked-out");
    assert.equal(status.failedAttempts, 10);
    clock.advance(UNLOCK_LOCKOUT_MS - 1);
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "profile.locked_out");
    clock.advance(1);
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "ok");
    assert.equal((await profileStatus(depsWithRealKdf(t.dir, { clock }))).failedAttempts, 0);
  } finally {
    t.remove();
  }
});

Deno.test("an edited or missing attempt record locks rather than unlocks", async () => {
  const t = tempProfileDir();
  const clock = fixedClock(T0);
  try {
    await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    const db = new DatabaseSync(join(t.dir, "attempts.db"));
    const { record } = db.prepare("SELECT record FROM attempts").get() as { record: Uint8Array };
    db.close();
    const edited = record.slice();
    edited[12]! ^= 1; // the failure count
    attemptsRecord(t.dir, edited);
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "profile.locked_out");
    clock.advance(UNLOCK_LOCKOUT_MS);
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "ok");

    attemptsRecord(t.dir, null);
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "profile.locked_out");
  } finally {
    t.remove();
  }
});

Deno.test("a reset counter is caught at the next successful unlock of a passphrase-only profile", async () => {
  const t = tempProfileDir();
  const clock = fixedClock(T0);
  const crypto = createCrypto();
  try {
    await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    for (let i = 0; i < 5; i++) {
      assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "ok");
    }
    // An attacker forges a fresh record (possible without a platform factor) to guess again.
    attemptsRecord(t.dir, encodeThrottleRecord(crypto, throttleMacKey(crypto, null), FRESH_RECORD));
    assert.equal(await attempt(t.dir, clock, WRONG), "profile.bad_passphrase");
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "profile.locked_out");
    clock.advance(UNLOCK_LOCKOUT_MS);
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "ok");
  } finally {
    t.remove();
  }
});

Deno.test("changePassphrase() switches to the new passphrase and enforces the policy", async () => {
  const t = tempProfileDir();
  const clock = fixedClock(T0);
  const next = "quiet harbour 19 lamplight";
  try {
    const created = await createProfile(depsWithRealKdf(t.dir, { clock }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    await assert.rejects(
      changePassphrase(depsWithRealKdf(t.dir, { clock }), TEST_PASSPHRASE, "short"),
      (e) => isPlicoError(e, "passphrase.weak"),
    );
    await changePassphrase(
      depsWithRealKdf(t.dir, { clock, random: systemRandom }),
      TEST_PASSPHRASE,
      next,
    );
    assert.equal(await attempt(t.dir, clock, TEST_PASSPHRASE), "profile.bad_passphrase");
    const p = await unlockProfile(depsWithRealKdf(t.dir, { clock }), next);
    assert.equal(p.info.profileId, created.profileId);
    p.lock();
  } finally {
    t.remove();
  }
});
