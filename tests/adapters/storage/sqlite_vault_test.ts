import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { systemRandom } from "../../../adapters/crypto/system_random.ts";
import { SqliteVault } from "../../../adapters/storage/sqlite_vault.ts";
import { MIGRATIONS } from "../../../adapters/storage/schema.ts";
import { utf8 } from "../../../domain/bytes.ts";
import { isPlicoError, PlicoError } from "../../../domain/errors.ts";

function memoryVault(): { db: DatabaseSync; vault: SqliteVault } {
  const db = new DatabaseSync(":memory:");
  for (const m of MIGRATIONS) for (const s of m.statements) db.exec(s);
  return {
    db,
    vault: new SqliteVault(db, createCrypto(), systemRandom, systemRandom.randomBytes(32)),
  };
}

const fields = () => ({
  profile_id: systemRandom.randomBytes(16),
  created_at: utf8("12345678"),
  identity_secret: systemRandom.randomBytes(32),
});

Deno.test("SqliteVault stores, reads, updates, lists and deletes encrypted rows", () => {
  const { db, vault } = memoryVault();
  const id = systemRandom.randomBytes(16);
  const f = fields();
  vault.insert("profile_info", id, f);
  assert.deepEqual(vault.get("profile_info", id), f);
  vault.update("profile_info", id, { created_at: utf8("87654321") });
  assert.deepEqual(vault.get("profile_info", id)!.created_at, utf8("87654321"));
  assert.equal(vault.all("profile_info").length, 1);
  const raw = db.prepare("SELECT profile_id FROM profile_info").get() as { profile_id: Uint8Array };
  assert.equal(raw.profile_id.length, 24 + 16 + 16);
  vault.delete("profile_info", id);
  assert.equal(vault.get("profile_info", id), null);
  db.close();
});

Deno.test("SqliteVault refuses unknown tables and columns and partial inserts", () => {
  const { db, vault } = memoryVault();
  const id = systemRandom.randomBytes(16);
  assert.throws(() => vault.insert("nope", id, {}), (e) => isPlicoError(e, "internal"));
  assert.throws(() => vault.insert("profile_info", id, { ...fields(), extra: new Uint8Array(1) }));
  assert.throws(() => vault.insert("profile_info", id, { profile_id: new Uint8Array(16) }));
  assert.throws(() => vault.update("profile_info", id, { created_at: new Uint8Array(8) }));
  assert.throws(() => vault.get("profile_info", new Uint8Array(3)));
  db.close();
});

Deno.test("a blob swapped between rows fails authentication", () => {
  const { db, vault } = memoryVault();
  const a = systemRandom.randomBytes(16);
  const b = systemRandom.randomBytes(16);
  vault.insert("profile_info", a, fields());
  vault.insert("profile_info", b, fields());
  db.prepare(
    "UPDATE profile_info SET identity_secret = (SELECT identity_secret FROM profile_info WHERE id = ?) WHERE id = ?",
  ).run(a, b);
  assert.throws(() => vault.get("profile_info", b), (e) => isPlicoError(e, "profile.corrupt"));
  db.close();
});

Deno.test("SqliteVault.transaction() rolls everything back when the body throws", () => {
  const { db, vault } = memoryVault();
  const id = systemRandom.randomBytes(16);
  assert.throws(() =>
    vault.transaction(() => {
      vault.insert("profile_info", id, fields());
      throw new PlicoError("internal", "boom");
    })
  );
  assert.equal(vault.get("profile_info", id), null);
  vault.transaction(() => vault.insert("profile_info", id, fields()));
  assert.notEqual(vault.get("profile_info", id), null);
  db.close();
});
