import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { createProfile } from "../../application/create_profile.ts";
import { loadSettings, readSettings, saveSettings } from "../../application/profile_settings.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { DEFAULT_SETTINGS, type ProfileSettings } from "../../domain/profile_settings.ts";
import { depsFor, tempProfileDir, TEST_PASSPHRASE } from "../support/profile_fixture.ts";

const CHOSEN: ProfileSettings = {
  expiryMinutes: 10080,
  idleLockMinutes: 3,
  language: "de",
  clipboardClearSeconds: 20,
};

function rawSettings(dir: string): Uint8Array[] {
  const db = new DatabaseSync(join(dir, "profile.db"));
  try {
    return db.prepare("SELECT value FROM settings").all().map((r) => r.value as Uint8Array);
  } finally {
    db.close();
  }
}

Deno.test("settings: defaults until saved, then kept encrypted across unlocks; a wrong value changes nothing", async () => {
  const t = tempProfileDir();
  try {
    await createProfile(depsFor(t.dir), { passphrase: TEST_PASSPHRASE, passphraseOnly: true });
    const first = await unlockProfile(depsFor(t.dir), TEST_PASSPHRASE);
    try {
      assert.deepEqual(readSettings(first), DEFAULT_SETTINGS);
      // No record yet is not an unreadable one.
      assert.deepEqual(loadSettings(first), { settings: DEFAULT_SETTINGS, unreadable: false });
      assert.deepEqual(saveSettings(first, CHOSEN), CHOSEN);
      // Saving again replaces the one record.
      assert.deepEqual(saveSettings(first, { ...CHOSEN, idleLockMinutes: 4 }), {
        ...CHOSEN,
        idleLockMinutes: 4,
      });
      assert.throws(
        () => saveSettings(first, { ...CHOSEN, clipboardClearSeconds: 1 }),
        (e) => isPlicoError(e, "usage"),
      );
      assert.deepEqual(readSettings(first), { ...CHOSEN, idleLockMinutes: 4 });
    } finally {
      first.lock();
    }
    const stored = rawSettings(t.dir);
    assert.equal(stored.length, 1);
    // Sealed: nonce, ciphertext and tag; the plaintext's words are not in the file.
    assert.ok(!new TextDecoder("latin1").decode(stored[0]).includes("idle_lock"));

    const second = await unlockProfile(depsFor(t.dir), TEST_PASSPHRASE);
    try {
      assert.deepEqual(readSettings(second), { ...CHOSEN, idleLockMinutes: 4 });
    } finally {
      second.lock();
    }
  } finally {
    t.remove();
  }
});

Deno.test("a settings record that does not open gives the defaults; the profile still unlocks", async () => {
  const t = tempProfileDir();
  try {
    await createProfile(depsFor(t.dir), { passphrase: TEST_PASSPHRASE, passphraseOnly: true });
    const first = await unlockProfile(depsFor(t.dir), TEST_PASSPHRASE);
    try {
      saveSettings(first, CHOSEN);
    } finally {
      first.lock();
    }
    const db = new DatabaseSync(join(t.dir, "profile.db"));
    try {
      // One flipped bit in the sealed field: it no longer authenticates.
      const sealed = (db.prepare("SELECT value FROM settings").get()!.value as Uint8Array).slice();
      sealed[30]! ^= 1;
      db.prepare("UPDATE settings SET value = ?").run(sealed);
    } finally {
      db.close();
    }
    const second = await unlockProfile(depsFor(t.dir), TEST_PASSPHRASE);
    try {
      assert.deepEqual(readSettings(second), DEFAULT_SETTINGS);
      // ...and says so, so the page can tell the user their choices are not in force.
      assert.deepEqual(loadSettings(second), { settings: DEFAULT_SETTINGS, unreadable: true });
      saveSettings(second, CHOSEN);
      assert.deepEqual(loadSettings(second), { settings: CHOSEN, unreadable: false });
    } finally {
      second.lock();
    }
  } finally {
    t.remove();
  }
});

Deno.test("a profile of schema version 2 gains the settings table when unlocked, with the defaults", async () => {
  const t = tempProfileDir();
  try {
    await createProfile(depsFor(t.dir), { passphrase: TEST_PASSPHRASE, passphraseOnly: true });
    const db = new DatabaseSync(join(t.dir, "profile.db"));
    try {
      db.exec("DROP TABLE settings");
      db.exec("PRAGMA user_version = 2");
    } finally {
      db.close();
    }
    const profile = await unlockProfile(depsFor(t.dir), TEST_PASSPHRASE);
    try {
      assert.deepEqual(readSettings(profile), DEFAULT_SETTINGS);
      saveSettings(profile, CHOSEN);
      assert.deepEqual(readSettings(profile), CHOSEN);
    } finally {
      profile.lock();
    }
  } finally {
    t.remove();
  }
});
