/**
 * The vault's freshness record (PROTOCOL §2.6) on a real SQLite file: generations, the anchor,
 * rows bound to the generation that wrote them, the burn accumulator and housekeeping tasks.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { systemRandom } from "../../../adapters/crypto/system_random.ts";
import { MIGRATIONS } from "../../../adapters/storage/schema.ts";
import { type AnchorStore, SqliteVault } from "../../../adapters/storage/sqlite_vault.ts";
import { utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { decodeAnchor, encodeAnchor, freshnessKey } from "../../../domain/profile_freshness.ts";

const crypto = createCrypto();

function memoryAnchor(): AnchorStore & { value: Uint8Array | null } {
  const store = {
    value: null as Uint8Array | null,
    read: () => store.value,
    update: (next: (c: Uint8Array | null) => Uint8Array | null) => {
      const v = next(store.value);
      if (v !== null) store.value = v;
    },
  };
  return store;
}

/** A vault on a temporary database file, and a way to reopen it as a new process would. */
function fileVault() {
  const dir = Deno.makeTempDirSync({ prefix: "plico-fresh-" });
  const path = join(dir, "profile.db");
  const key = systemRandom.randomBytes(32);
  const anchor = memoryAnchor();
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  for (const m of MIGRATIONS) for (const s of m.statements) db.exec(s);
  const vaults: SqliteVault[] = [];
  const open = () => {
    const v = new SqliteVault(db, crypto, systemRandom, key, anchor);
    vaults.push(v);
    return v;
  };
  return {
    db,
    anchor,
    key,
    open,
    anchored: () => decodeAnchor(crypto, freshnessKey(crypto, key), anchor.value!),
    close() {
      for (const v of vaults) v.close();
      db.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

const session = (label: string) => ({
  label: utf8(label),
  meta: utf8("{}"),
  setup_file: utf8("file"),
  keys: systemRandom.randomBytes(64),
});

function rolledBack(reason: RegExp) {
  return (e: unknown) => isPlicoError(e, "profile.rolled_back") && reason.test(String(e));
}

Deno.test("every committed write raises the generation and the anchor; reads and empty transactions do not", () => {
  const f = fileVault();
  try {
    const vault = f.open();
    const id = systemRandom.randomBytes(16);
    vault.insert("sessions", id, session("A"));
    assert.equal(f.anchored(), 1);
    vault.transaction(() => {
      vault.update("sessions", id, session("A"));
      vault.burn(systemRandom.randomBytes(32), 5);
    });
    assert.equal(f.anchored(), 2);
    vault.get("sessions", id);
    vault.transaction(() => vault.all("sessions"));
    assert.equal(f.anchored(), 2);
    f.open().verifyFreshness();
  } finally {
    f.close();
  }
});

Deno.test("a database older than its anchor, or with no valid anchor past creation, is refused and left alone", () => {
  const f = fileVault();
  try {
    const vault = f.open();
    assert.equal(f.anchor.value, null);
    f.open().verifyFreshness(); // nothing committed yet: nothing to vouch for
    vault.insert("sessions", systemRandom.randomBytes(16), session("A"));
    f.anchor.value = null; // lost right after creation (a crash before the first anchor)
    f.open().verifyFreshness();
    assert.equal(f.anchored(), 1, "the first unlock anchors generation 1");
    vault.insert("sessions", systemRandom.randomBytes(16), session("B"));

    const fk = freshnessKey(crypto, f.key);
    f.anchor.value = encodeAnchor(crypto, fk, 3); // this database (generation 2) is older
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/older than the last state/));
    assert.equal(f.anchored(), 3, "a refusal changes nothing");

    f.anchor.value = null;
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/missing or altered/));
    f.anchor.value = encodeAnchor(crypto, freshnessKey(crypto, systemRandom.randomBytes(32)), 2);
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/missing or altered/));

    // An anchor that lags (a crash between commit and anchor) catches up; it never goes down.
    f.anchor.value = encodeAnchor(crypto, fk, 1);
    f.open().verifyFreshness();
    assert.equal(f.anchored(), 2);
  } finally {
    f.close();
  }
});

Deno.test("a session row put back from an older copy, removed or added outside the vault is refused", () => {
  const f = fileVault();
  try {
    const vault = f.open();
    const a = systemRandom.randomBytes(16);
    vault.insert("sessions", a, session("A"));
    vault.insert("sessions", systemRandom.randomBytes(16), session("B"));
    const old = f.db.prepare("SELECT * FROM sessions WHERE id = ?").get(a) as Record<
      string,
      Uint8Array
    >;
    vault.update("sessions", a, session("A"));
    f.db.prepare("UPDATE sessions SET label = ?, meta = ?, setup_file = ?, keys = ? WHERE id = ?")
      .run(old.label!, old.meta!, old.setup_file!, old.keys!, a);
    assert.throws(() => vault.get("sessions", a), rolledBack(/sessions stored/));
    assert.throws(() => vault.all("sessions"), rolledBack(/sessions stored/));

    f.db.prepare("DELETE FROM sessions WHERE id = ?").run(a);
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/sessions stored/));
    f.db.prepare("INSERT INTO sessions (id, label, meta, setup_file, keys) VALUES (?, ?, ?, ?, ?)")
      .run(a, old.label!, old.meta!, old.setup_file!, old.keys!);
    f.db.prepare("INSERT INTO sessions (id, label, meta, setup_file, keys) VALUES (?, ?, ?, ?, ?)")
      .run(systemRandom.randomBytes(16), old.label!, old.meta!, old.setup_file!, old.keys!);
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/sessions stored/));
  } finally {
    f.close();
  }
});

Deno.test("burn rows removed, added, or swapped keeping the count are refused at the check", () => {
  const f = fileVault();
  try {
    const vault = f.open();
    const tags = Array.from({ length: 5 }, () => systemRandom.randomBytes(32));
    vault.transaction(() => tags.forEach((t, i) => vault.burn(t, i)));
    f.open().verifyFreshness();
    const row = f.db.prepare("SELECT opened_at FROM burned WHERE tag = ?").get(tags[2]!) as {
      opened_at: Uint8Array;
    };
    const remove = () => f.db.prepare("DELETE FROM burned WHERE tag = ?").run(tags[2]!);
    const putBack = () =>
      f.db.prepare("INSERT INTO burned (tag, opened_at) VALUES (?, ?)").run(
        tags[2]!,
        row.opened_at,
      );
    remove();
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/opened envelopes/));
    putBack();
    f.open().verifyFreshness();
    const fake = systemRandom.randomBytes(32);
    f.db.prepare("INSERT INTO burned (tag, opened_at) VALUES (?, ?)").run(fake, row.opened_at);
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/opened envelopes/));
    remove(); // same count as the record, different set
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/opened envelopes/));
  } finally {
    f.close();
  }
});

Deno.test("housekeeping runs in every transaction that wrote, and due rows are listed by time", () => {
  const f = fileVault();
  try {
    const vault = f.open();
    let runs = 0;
    vault.addHousekeeping(() => {
      runs++;
      return false;
    });
    const a = systemRandom.randomBytes(16);
    const b = systemRandom.randomBytes(16);
    vault.insert("sessions", a, session("A"), 100);
    vault.insert("sessions", b, session("B"), null);
    assert.equal(runs, 2);
    vault.transaction(() => vault.get("sessions", a));
    assert.equal(runs, 2, "a transaction that wrote nothing does no housekeeping");
    assert.deepEqual(vault.dueRows("sessions", 99), []);
    assert.deepEqual(vault.dueRows("sessions", 100), [a]);
    vault.update("sessions", a, session("A"), null);
    assert.deepEqual(vault.dueRows("sessions", 1000), []);
    // Due times survive a reopen (they live in the freshness record).
    vault.update("sessions", b, session("B"), 7);
    assert.deepEqual(f.open().dueRows("sessions", 7), [b]);
  } finally {
    f.close();
  }
});

Deno.test("a missing freshness record is refused; accepting the copy rebuilds it without the sessions", () => {
  const f = fileVault();
  try {
    const vault = f.open();
    vault.insert("sessions", systemRandom.randomBytes(16), session("A"));
    const tags = [systemRandom.randomBytes(32), systemRandom.randomBytes(32)];
    vault.transaction(() => tags.forEach((t) => vault.burn(t, 1)));
    f.db.exec("DELETE FROM freshness");
    assert.throws(() => f.open().verifyFreshness(), rolledBack(/record of its latest state/));
    const before = f.anchored()!;
    assert.equal(f.open().acceptAsLatest(), 1);
    assert.ok(f.anchored()! > before, "the anchor moves past every earlier generation");
    const fresh = f.open();
    fresh.verifyFreshness();
    assert.deepEqual(fresh.all("sessions"), []);
    assert.notEqual(fresh.burnedAt(tags[0]!), null, "the burn registry stays");
  } finally {
    f.close();
  }
});
