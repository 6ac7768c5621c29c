/**
 * The device binding against a real Secret Service (a private D-Bus bus and gnome-keyring per
 * test, see tests/support/secret_service_harness.ts): bound profiles, copies, locked and
 * missing stores, items deleted behind Plico's back, consented fallback and binding later.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { bindProfile } from "../../application/bind_profile.ts";
import { createProfile } from "../../application/create_profile.ts";
import { profileStatus } from "../../application/profile_status.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { SecretServiceStore } from "../../adapters/platform/secret_service/secret_service_store.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { depsFor, tempProfileDir, TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { startSecretServiceHarness } from "../support/secret_service_harness.ts";

function store(busAddress: string) {
  return new SecretServiceStore({ busAddress });
}

/**
 * Expects `code`, caused by an answer rather than a time limit: the adapter's timeouts say so in
 * their message (checked instead of the clock, so a loaded machine cannot fail the test).
 */
async function expectCode(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e) => {
    assert.ok(isPlicoError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.doesNotMatch(e.message, /within \d+ ms|did not answer|does not accept/);
    return true;
  });
}

Deno.test("a bound profile unlocks with its keyring and not from a copy on another keyring", async () => {
  const first = await startSecretServiceHarness();
  const second = await startSecretServiceHarness();
  const t = tempProfileDir();
  try {
    const created = await createProfile(depsFor(t.dir, { platform: store(first.busAddress) }), {
      passphrase: TEST_PASSPHRASE,
    });
    assert.equal(created.binding, "secret-service");
    const profile = await unlockProfile(
      depsFor(t.dir, { platform: store(first.busAddress) }),
      TEST_PASSPHRASE,
    );
    assert.equal(profile.info.profileId, created.profileId);
    assert.deepEqual(profile.warnings, []);
    profile.lock();

    const copy = join(t.root, "copy");
    const cp = await new Deno.Command("cp", { args: ["-a", t.dir, copy] }).output();
    assert.equal(cp.code, 0);
    await expectCode(
      unlockProfile(depsFor(copy, { platform: store(second.busAddress) }), TEST_PASSPHRASE),
      "platform.item_missing",
    );
    // Never a silent downgrade: without any store the bound profile is refused too.
    await expectCode(
      unlockProfile(depsFor(copy, { platform: null }), TEST_PASSPHRASE),
      "platform.unavailable",
    );
  } finally {
    t.remove();
    await first.close();
    await second.close();
  }
});

Deno.test("an item deleted behind Plico's back fails with platform.item_missing", async () => {
  const h = await startSecretServiceHarness();
  const t = tempProfileDir();
  try {
    await createProfile(depsFor(t.dir, { platform: store(h.busAddress) }), {
      passphrase: TEST_PASSPHRASE,
    });
    const cleared = await h.run("secret-tool", ["clear", "application", "plico"]);
    assert.equal(cleared.code, 0, cleared.stderr);
    await expectCode(
      unlockProfile(depsFor(t.dir, { platform: store(h.busAddress) }), TEST_PASSPHRASE),
      "platform.item_missing",
    );
  } finally {
    t.remove();
    await h.close();
  }
});

Deno.test("a locked keyring is reported as platform.locked without waiting for a prompt", async () => {
  const h = await startSecretServiceHarness();
  const t = tempProfileDir();
  try {
    await createProfile(depsFor(t.dir, { platform: store(h.busAddress) }), {
      passphrase: TEST_PASSPHRASE,
    });
    await h.lockLoginCollection();
    await expectCode(
      unlockProfile(depsFor(t.dir, { platform: store(h.busAddress) }), TEST_PASSPHRASE),
      "platform.locked",
    );
  } finally {
    t.remove();
    await h.close();
  }
});

Deno.test("no daemon: creation is refused, consented fallback works, and bind binds it later", async () => {
  const bare = await startSecretServiceHarness({ keyring: false });
  const h = await startSecretServiceHarness();
  const t = tempProfileDir();
  try {
    await expectCode(
      createProfile(depsFor(t.dir, { platform: store(bare.busAddress) }), {
        passphrase: TEST_PASSPHRASE,
      }),
      "platform.no_daemon",
    );
    assert.equal(depsFor(t.dir).repo.exists(), false);
    const created = await createProfile(depsFor(t.dir, { platform: store(bare.busAddress) }), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    assert.equal(created.binding, "passphrase-only");
    const weak = await unlockProfile(depsFor(t.dir), TEST_PASSPHRASE);
    assert.match(weak.warnings.join(" "), /passphrase alone/);
    weak.lock();

    const kind = await bindProfile(
      depsFor(t.dir, { platform: store(h.busAddress) }),
      TEST_PASSPHRASE,
    );
    assert.equal(kind, "secret-service");
    const status = await profileStatus(depsFor(t.dir, { platform: store(h.busAddress) }));
    assert.equal(status.binding, "secret-service");
    assert.equal(status.lockout, "ok");
    const bound = await unlockProfile(
      depsFor(t.dir, { platform: store(h.busAddress) }),
      TEST_PASSPHRASE,
    );
    assert.deepEqual(bound.warnings, []);
    assert.equal(bound.info.profileId, created.profileId);
    bound.lock();
    await expectCode(
      unlockProfile(depsFor(t.dir, { platform: null }), TEST_PASSPHRASE),
      "platform.unavailable",
    );
  } finally {
    t.remove();
    await bare.close();
    await h.close();
  }
});
