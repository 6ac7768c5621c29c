import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { createProfile } from "../../application/create_profile.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { depsWithRealKdf, tempProfileDir, TEST_PASSPHRASE } from "../support/profile_fixture.ts";

function edit(dir: string, sql: string): void {
  const db = new DatabaseSync(join(dir, "profile.db"));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

Deno.test("createProfile() then unlockProfile() gives back the same profile facts", async () => {
  const t = tempProfileDir();
  try {
    const created = await createProfile(depsWithRealKdf(t.dir), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    const profile = await unlockProfile(depsWithRealKdf(t.dir), TEST_PASSPHRASE);
    try {
      assert.equal(profile.info.profileId, created.profileId);
      assert.equal(profile.info.createdAt, created.createdAt);
      assert.equal(profile.info.identitySecret.length, 32);
      assert.equal(profile.header.binding, "passphrase-only");
    } finally {
      profile.lock();
    }
  } finally {
    t.remove();
  }
});

Deno.test("a passphrase unlocks whether its accents were typed composed or decomposed (NFC)", async () => {
  const t = tempProfileDir();
  const composed = "Crème brûlée au café, 1998 — façade";
  const decomposed = composed.normalize("NFD");
  assert.notEqual(composed, decomposed);
  try {
    await createProfile(depsWithRealKdf(t.dir), { passphrase: decomposed, passphraseOnly: true });
    const profile = await unlockProfile(depsWithRealKdf(t.dir), composed);
    profile.lock();
  } finally {
    t.remove();
  }
});

Deno.test("unlockProfile() refuses a wrong passphrase with profile.bad_passphrase", async () => {
  const t = tempProfileDir();
  try {
    await createProfile(depsWithRealKdf(t.dir), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    await assert.rejects(
      unlockProfile(depsWithRealKdf(t.dir), TEST_PASSPHRASE + "!"),
      (e) => isPlicoError(e, "profile.bad_passphrase"),
    );
  } finally {
    t.remove();
  }
});

Deno.test("tampered Argon2id parameters are refused before the KDF or fail the unwrap", async () => {
  const t = tempProfileDir();
  try {
    await createProfile(depsWithRealKdf(t.dir), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    // Absurd memory: refused by the bounds check, fast, without running Argon2id.
    edit(t.dir, "UPDATE profile_header SET argon2_m_kib = 1073741824");
    // The real adapter, counted: the refusal must come before any Argon2id run.
    const real = createCrypto();
    let argon2Runs = 0;
    const counted = {
      ...real,
      argon2id: (...args: Parameters<typeof real.argon2id>) => {
        argon2Runs++;
        return real.argon2id(...args);
      },
    };
    await assert.rejects(
      unlockProfile(depsWithRealKdf(t.dir, { crypto: counted }), TEST_PASSPHRASE),
      (e) => isPlicoError(e, "profile.corrupt"),
    );
    assert.equal(argon2Runs, 0, "Argon2id ran on absurd parameters");
    // Plausible but different parameters: authenticated by the wrap, so the unlock fails.
    edit(t.dir, "UPDATE profile_header SET argon2_m_kib = 65536, argon2_t = 3");
    await assert.rejects(
      unlockProfile(depsWithRealKdf(t.dir), TEST_PASSPHRASE),
      (e) => isPlicoError(e, "profile.bad_passphrase"),
    );
  } finally {
    t.remove();
  }
});

Deno.test("a profile from a newer schema is refused as unsupported", async () => {
  const t = tempProfileDir();
  try {
    await createProfile(depsWithRealKdf(t.dir), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    edit(t.dir, "PRAGMA user_version = 999");
    await assert.rejects(
      unlockProfile(depsWithRealKdf(t.dir), TEST_PASSPHRASE),
      (e) => isPlicoError(e, "profile.unsupported"),
    );
  } finally {
    t.remove();
  }
});

Deno.test("a corrupted profile record is reported as corrupt, not as a wrong passphrase", async () => {
  const t = tempProfileDir();
  try {
    await createProfile(depsWithRealKdf(t.dir), {
      passphrase: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    edit(t.dir, "UPDATE profile_info SET profile_id = zeroblob(56)");
    await assert.rejects(
      unlockProfile(depsWithRealKdf(t.dir), TEST_PASSPHRASE),
      (e) => isPlicoError(e, "profile.corrupt"),
    );
  } finally {
    t.remove();
  }
});
