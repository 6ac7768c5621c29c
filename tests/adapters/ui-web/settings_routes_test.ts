import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { TEST_PASSPHRASE } from "../../support/profile_fixture.ts";
import { codeOf, UiClient } from "./ui_client.ts";

const CHOSEN = {
  expiryMinutes: 60,
  idleLockMinutes: 7,
  language: "tr",
  clipboardClearSeconds: 12,
};

Deno.test("settings routes: defaults, save, in force at once and after lock/unlock; refused when locked", async () => {
  const c = new UiClient({ idleLockMs: 600_000, clipboardClearMs: 30_000 });
  try {
    await c.createProfile();
    const fresh = await c.api("settings/get");
    assert.equal(fresh.status, 200);
    assert.deepEqual(fresh.body.settings, {
      expiryMinutes: 0,
      idleLockMinutes: null,
      language: null,
      clipboardClearSeconds: null,
      idleLockMs: 600_000,
      clipboardClearMs: 30_000,
      unreadable: false,
    });

    const saved = await c.api("settings/save", CHOSEN);
    assert.equal(saved.status, 200);
    const inForce = {
      ...CHOSEN,
      idleLockMs: 7 * 60_000,
      clipboardClearMs: 12_000,
      unreadable: false,
    };
    assert.deepEqual(saved.body.settings, inForce);
    // The server's inactivity lock follows at once.
    const state = await c.api("state");
    assert.equal(state.body.idleLockMs, 7 * 60_000);
    assert.equal(state.body.clipboardClearMs, 12_000);
    assert.ok(state.body.lockInMs <= 7 * 60_000);
    assert.deepEqual(state.body.profile.info.settings, inForce);

    // Locked: the program's defaults again, and no settings without unlocking.
    await c.api("lock");
    const locked = await c.api("state");
    assert.equal(locked.body.idleLockMs, 600_000);
    assert.equal(locked.body.clipboardClearMs, 30_000);
    const refused = await c.api("settings/get");
    assert.equal(refused.status, 423);
    assert.equal(codeOf(refused.body), "ui.locked");
    assert.equal(codeOf((await c.api("settings/save", CHOSEN)).body), "ui.locked");

    const unlocked = await c.api("profile/unlock", { passphrase: TEST_PASSPHRASE });
    assert.deepEqual(unlocked.body.profile.settings, inForce);
    assert.equal((await c.api("state")).body.idleLockMs, 7 * 60_000);

    // The language menu changes only the language.
    const lang = await c.api("settings/language", { language: "ar" });
    assert.deepEqual(lang.body.settings, { ...inForce, language: "ar" });
  } finally {
    await c.close();
  }
});

Deno.test("settings/save refuses a wrong value with a clear error and changes nothing", async () => {
  const c = new UiClient({ idleLockMs: 600_000 });
  try {
    await c.createProfile();
    await c.api("settings/save", CHOSEN);
    const wrong: [Record<string, unknown>, number, string, RegExp][] = [
      [{ idleLockMinutes: 0 }, 400, "usage", /inactivity lock must be 1 to 1440 minutes/],
      [{ idleLockMinutes: "5" }, 400, "ui.bad_request", /idleLockMinutes/],
      [{ clipboardClearSeconds: 9999 }, 400, "usage", /clipboard clear time/],
      [{ expiryMinutes: 5 }, 400, "usage", /default expiry/],
      [{ expiryMinutes: null }, 400, "ui.bad_request", /expiryMinutes/],
      [
        { language: "xx" },
        400,
        "usage",
        /^this language is not offered; choose one of: en \(English\), de \(Deutsch\), .*fa \(فارسی\)$/,
      ],
      [{ language: 3 }, 400, "ui.bad_request", /language/],
    ];
    for (const [change, status, code, message] of wrong) {
      const r = await c.api("settings/save", { ...CHOSEN, ...change });
      assert.equal(r.status, status, JSON.stringify(change));
      assert.equal(codeOf(r.body), code, JSON.stringify(change));
      assert.match(r.body.error.message, message);
    }
    assert.equal(codeOf((await c.api("settings/language", { language: "xx" })).body), "usage");
    const after = await c.api("settings/get");
    assert.deepEqual(after.body.settings, {
      ...CHOSEN,
      idleLockMs: 7 * 60_000,
      clipboardClearMs: 12_000,
      unreadable: false,
    });
    assert.equal((await c.api("state")).body.idleLockMs, 7 * 60_000);
  } finally {
    await c.close();
  }
});

Deno.test("settings that do not open: the defaults are in force and every answer says so until saved again", async () => {
  const c = new UiClient({ idleLockMs: 600_000, clipboardClearMs: 30_000 });
  try {
    await c.createProfile();
    assert.equal((await c.api("settings/save", CHOSEN)).status, 200);
    await c.api("lock");
    const db = new DatabaseSync(join(c.dir, "profile.db"));
    try {
      // One flipped bit in the sealed field: it no longer authenticates.
      const sealed = (db.prepare("SELECT value FROM settings").get()!.value as Uint8Array).slice();
      sealed[30]! ^= 1;
      db.prepare("UPDATE settings SET value = ?").run(sealed);
    } finally {
      db.close();
    }
    const defaults = {
      expiryMinutes: 0,
      idleLockMinutes: null,
      language: null,
      clipboardClearSeconds: null,
      idleLockMs: 600_000,
      clipboardClearMs: 30_000,
      unreadable: true,
    };
    const unlocked = await c.api("profile/unlock", { passphrase: TEST_PASSPHRASE });
    assert.equal(unlocked.status, 200, JSON.stringify(unlocked.body));
    assert.deepEqual(unlocked.body.profile.settings, defaults);
    assert.deepEqual((await c.api("state")).body.profile.info.settings, defaults);
    assert.equal((await c.api("state")).body.idleLockMs, 600_000);
    assert.deepEqual((await c.api("settings/get")).body.settings, defaults);
    // Saving writes a record that opens: the flag goes.
    const saved = await c.api("settings/save", CHOSEN);
    assert.equal(saved.body.settings.unreadable, false);
    assert.equal((await c.api("settings/get")).body.settings.unreadable, false);
  } finally {
    await c.close();
  }
});
