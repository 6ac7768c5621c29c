import assert from "node:assert/strict";
import { TEST_PASSPHRASE } from "../../support/profile_fixture.ts";
import { codeOf, UiClient } from "./ui_client.ts";

Deno.test("creating a profile without a credential store needs the explicit passphrase-only consent", async () => {
  const c = new UiClient();
  try {
    await c.launch();
    const state = await c.api("state");
    assert.deepEqual(
      { exists: state.body.profile.exists, platform: state.body.profile.platform },
      { exists: false, platform: "none" },
    );
    const refused = await c.api("profile/create", {
      passphrase: TEST_PASSPHRASE,
      repeat: TEST_PASSPHRASE,
    });
    assert.equal(refused.status, 503);
    assert.equal(codeOf(refused.body), "platform.unavailable");
    const mismatch = await c.api("profile/create", {
      passphrase: TEST_PASSPHRASE,
      repeat: TEST_PASSPHRASE + "!",
      passphraseOnly: true,
    });
    assert.equal(codeOf(mismatch.body), "passphrase.mismatch");
    const weak = await c.api("profile/create", {
      passphrase: "aaaaaaaaaaaaaaaa",
      repeat: "aaaaaaaaaaaaaaaa",
      passphraseOnly: true,
    });
    assert.equal(weak.status, 422);
    assert.equal(codeOf(weak.body), "passphrase.weak");
    assert.match(weak.body.error.message, /passphrase refused/);
    assert.equal((await c.api("state")).body.profile.exists, false);

    const created = await c.api("profile/create", {
      passphrase: TEST_PASSPHRASE,
      repeat: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.binding, "passphrase-only");
    assert.match(created.body.profile.identity, /^[0-9a-f]{64}$/);
    const again = await c.api("profile/create", {
      passphrase: TEST_PASSPHRASE,
      repeat: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    assert.equal(again.status, 409);
    assert.equal(codeOf(again.body), "profile.exists");
    // A passphrase never comes back in any answer.
    assert.ok(!JSON.stringify([created.body, again.body]).includes(TEST_PASSPHRASE));
  } finally {
    await c.close();
  }
});

Deno.test("unlock, lock now and status use the profile use cases; a wrong passphrase is 401", async () => {
  const c = new UiClient();
  try {
    await c.createProfile();
    assert.equal((await c.api("sessions/list")).status, 200);
    assert.deepEqual((await c.api("lock")).body, { locked: true });
    const locked = await c.api("sessions/list");
    assert.equal(locked.status, 423);
    assert.equal(codeOf(locked.body), "ui.locked");
    const state = await c.api("state");
    assert.equal(state.body.profile.unlocked, false);
    assert.equal(state.body.lockInMs, null);

    const wrong = await c.api("profile/unlock", { passphrase: "not the passphrase at all" });
    assert.equal(wrong.status, 401);
    assert.equal(codeOf(wrong.body), "profile.bad_passphrase");
    const status = await c.api("profile/status");
    assert.equal(status.status, 200);
    assert.equal(status.body.failedAttempts, 1);
    assert.equal(status.body.binding, "passphrase-only");

    const ok = await c.api("profile/unlock", { passphrase: TEST_PASSPHRASE });
    assert.equal(ok.status, 200);
    assert.equal((await c.api("state")).body.profile.unlocked, true);
    assert.deepEqual((await c.api("sessions/list")).body, { sessions: [] });
  } finally {
    await c.close();
  }
});

/** Polls `check` until it holds; the bound only turns a broken lock into a failure, not a hang. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("a heartbeat restarts the idle clock; reading the state does not", async () => {
  // Asserted on the time left that the server reports, not on sleeps racing the lock, so a
  // loaded machine cannot make this fail: the idle time is far longer than the test.
  const c = new UiClient({ idleLockMs: 600_000 });
  try {
    await c.createProfile();
    const lockIn = async () => (await c.api("state")).body.lockInMs as number;
    const first = await lockIn();
    await eventually("the idle clock to run", async () => await lockIn() < first - 1000);
    const beforeTouch = await lockIn();
    // The touch handler reports the time left right after recording the activity, in the same
    // synchronous step: a full idle period, whatever the machine's load.
    const touched = await c.api("touch");
    assert.equal(touched.status, 200);
    const afterTouch = touched.body.lockInMs as number;
    assert.ok(afterTouch > beforeTouch, `touch gave ${afterTouch} ms, before ${beforeTouch} ms`);
    // Were reading the state activity, each read would restart the clock and this never hold.
    await eventually("the idle clock to run again", async () => await lockIn() < afterTouch - 30);
  } finally {
    await c.close();
  }
});

Deno.test("the profile locks itself after the configured inactivity", async () => {
  const c = new UiClient({ idleLockMs: 300 });
  try {
    await c.createProfile();
    await eventually(
      "the idle lock",
      async () => (await c.api("state")).body.profile.unlocked === false,
    );
    const after = await c.api("sessions/list");
    assert.equal(after.status, 423);
  } finally {
    await c.close();
  }
});

Deno.test("changing the passphrase goes through the use case and the old one stops working", async () => {
  const c = new UiClient();
  try {
    await c.createProfile();
    const next = "harbour quill 77 saffron drift";
    const r = await c.api("profile/passphrase", {
      passphrase: TEST_PASSPHRASE,
      newPassphrase: next,
      repeat: next,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await c.api("lock");
    assert.equal((await c.api("profile/unlock", { passphrase: TEST_PASSPHRASE })).status, 401);
    assert.equal((await c.api("profile/unlock", { passphrase: next })).status, 200);
    // Binding needs an OS credential store, which the test deps do not have.
    const bind = await c.api("profile/bind", { passphrase: next });
    assert.equal(bind.status, 503);
    assert.equal(codeOf(bind.body), "platform.unavailable");
  } finally {
    await c.close();
  }
});
