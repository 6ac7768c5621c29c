/**
 * A profile refused as an older copy (PROTOCOL §2.6) in process: the refusal costs no unlock
 * attempt, and accepting the copy removes its sessions and keeps the identity.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { acceptProfileCopy } from "../../application/accept_profile_copy.ts";
import { listSessions } from "../../application/session_queries.ts";
import { startSession } from "../../application/start_session.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { decodeThrottleRecord, throttleMacKey } from "../../domain/unlock_throttle.ts";
import { depsFor, TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { makeParties, type Party } from "../support/two_profiles.ts";

const crypto = createCrypto();
const FILES = ["profile.db", "profile.db-wal", "profile.db-shm"];

function copyFiles(from: string, to: string): void {
  Deno.mkdirSync(to, { recursive: true });
  for (const name of FILES) {
    try {
      Deno.removeSync(join(to, name));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    try {
      Deno.copyFileSync(join(from, name), join(to, name));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
}

Deno.test("a refused older copy costs no unlock attempt; accepting it removes its sessions and keeps the identity", async () => {
  const made = await makeParties(["alice"]);
  const [alice] = made.parties as [Party];
  const backup = Deno.makeTempDirSync({ prefix: "plico-backup-" });
  try {
    const identity = alice.profile.info.identitySecret.slice();
    startSession(alice.deps, alice.profile, "Bob");
    alice.profile.vault.purgeHistory();
    copyFiles(alice.dir, backup);
    startSession(alice.deps, alice.profile, "Carol");
    alice.profile.lock();
    copyFiles(backup, alice.dir);

    const deps = () => depsFor(alice.dir, { clock: made.clock });
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        unlockProfile(deps(), TEST_PASSPHRASE),
        (e) => isPlicoError(e, "profile.rolled_back"),
      );
    }
    made.clock.advance(10 * 60 * 1000); // long past the time a pending attempt goes stale
    const record = decodeThrottleRecord(
      crypto,
      throttleMacKey(crypto, null),
      deps().repo.readAttempts(),
    )!;
    assert.equal(record.failures, 0, "a right passphrase is never counted as a failure");
    assert.equal(record.pending, 0);

    const accepted = await acceptProfileCopy(deps(), TEST_PASSPHRASE);
    assert.equal(accepted.sessionsRemoved, 1);
    const profile = await unlockProfile(deps(), TEST_PASSPHRASE);
    try {
      assert.deepEqual(listSessions(profile), []);
      assert.deepEqual(profile.info.identitySecret, identity, "the identity stays");
    } finally {
      profile.lock();
    }
    await assert.rejects(
      acceptProfileCopy(deps(), TEST_PASSPHRASE),
      (e) => isPlicoError(e, "usage"),
      "a profile that is the latest has nothing to recover",
    );
  } finally {
    made.close();
    Deno.removeSync(backup, { recursive: true });
  }
});
