/**
 * Vault freshness through the real CLI (PROTOCOL §2.6, issue 15 item 5): a `profile.db` put back
 * from an older copy, or one that lost its `-wal` while another reader pinned it, must not open
 * an envelope a second time; it is refused with `profile.rolled_back` and left unchanged.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { EXIT_CODES } from "../../adapters/cli/exit_codes.ts";
import { type As, cliPair } from "../support/cli_pair.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";

const DB_FILES = ["profile.db", "profile.db-wal", "profile.db-shm"];

/** Copies the database files that exist, as a backup tool would. */
function copyDb(from: string, to: string): void {
  Deno.mkdirSync(to, { recursive: true });
  for (const name of DB_FILES) {
    try {
      Deno.copyFileSync(join(from, name), join(to, name));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
}

/** Replaces the profile's database files by those in `from` (a restore of profile.db alone). */
function restoreDb(from: string, to: string): void {
  for (const name of DB_FILES) {
    try {
      Deno.removeSync(join(to, name));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  copyDb(from, to);
}

/** Every row of every table, in a stable text form: the logical content of the database. */
function dump(dir: string): string {
  const db = new DatabaseSync(join(dir, "profile.db"), { readOnly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[];
    return tables.map(({ name }) => {
      const rows = db.prepare(`SELECT * FROM ${name}`).all();
      const text = rows.map((r) =>
        Object.values(r as Record<string, unknown>).map((v) =>
          v instanceof Uint8Array ? Array.from(v).join(".") : String(v)
        ).join("|")
      ).sort();
      return `${name}:${text.join(";")}`;
    }).join("\n");
  } finally {
    db.close();
  }
}

async function sealTo(alice: As, out: string, text: string): Promise<void> {
  const r = await alice(["seal", "--to", "Bob", "--out", out], { stdin: text });
  assert.equal(r.code, 0, r.stderr);
}

function assertRolledBack(r: { code: number; stderr: string }): void {
  assert.equal(r.code, EXIT_CODES["profile.rolled_back"], r.stderr);
  assert.match(r.stderr, /older|missing|not match/);
  assert.match(r.stderr, /Nothing was changed/);
}

Deno.test("a profile.db put back from a copy taken before an open is refused: the envelope does not open twice", async () => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const env = join(tmp.path, "once.plico");
    await sealTo(alice.as, env, "read me once");
    const backup = join(tmp.path, "backup");
    copyDb(bob.dir, backup);

    const first = await bob.as(["open", env, "--out-dir", tmp.path, "--json"]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).text, "read me once");

    const newest = join(tmp.path, "newest");
    copyDb(bob.dir, newest);

    restoreDb(backup, bob.dir);
    const before = dump(bob.dir);
    const again = await bob.as(["open", env, "--out-dir", tmp.path, "--json"]);
    assertRolledBack(again);
    assert.doesNotMatch(again.stdout, /read me once/);
    assert.equal(dump(bob.dir), before, "a refused profile is left as it was");
    // Every command that unlocks refuses it, not only open.
    assertRolledBack(await bob.as(["session", "list"]));

    // The way out the message names: the newest copy back; the envelope stays opened.
    restoreDb(newest, bob.dir);
    const reopened = await bob.as(["open", env, "--out-dir", tmp.path]);
    assert.equal(reopened.code, EXIT_CODES["envelope.already_opened"], reopened.stderr);
    const next = join(tmp.path, "next.plico");
    await sealTo(alice.as, next, "still works");
    const r = await bob.as(["open", next, "--out-dir", tmp.path, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).text, "still works");
  } finally {
    tmp.remove();
  }
});

Deno.test("a profile.db that lost its -wal while another reader pinned it is refused", async () => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const env = join(tmp.path, "pinned.plico");
    await sealTo(alice.as, env, "pinned");
    const path = join(bob.dir, "profile.db");
    const reader = new DatabaseSync(path, { readOnly: true });
    const lost = join(tmp.path, "main-file-only");
    try {
      // A read transaction keeps the checkpoint from copying the open's commit into profile.db.
      reader.exec("BEGIN");
      reader.prepare("SELECT count(*) FROM burned").get();
      const opened = await bob.as(["open", env, "--out-dir", tmp.path]);
      assert.equal(opened.code, 0, opened.stderr);
      assert.ok(Deno.statSync(`${path}-wal`).size > 0, "the commit is still only in the -wal");
      Deno.mkdirSync(lost);
      Deno.copyFileSync(path, join(lost, "profile.db"));
      reader.exec("COMMIT");
    } finally {
      reader.close();
    }
    restoreDb(lost, bob.dir); // profile.db without its -wal
    assertRolledBack(await bob.as(["open", env, "--out-dir", tmp.path]));

    // No newer copy exists: the user accepts this one. Its sessions go, so the envelope opened
    // before cannot open again; the profile works for new sessions.
    const unconfirmed = await bob.as(["profile", "accept-copy"]);
    assert.equal(unconfirmed.code, EXIT_CODES.usage, unconfirmed.stderr);
    const accepted = await bob.as(["profile", "accept-copy", "--remove-sessions", "--json"]);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.deepEqual(JSON.parse(accepted.stdout), { accepted: true, sessionsRemoved: 1 });
    const again = await bob.as(["open", env, "--out-dir", tmp.path]);
    assert.equal(again.code, EXIT_CODES["envelope.unknown"], again.stderr);
    const list = await bob.as(["session", "list", "--json"]);
    assert.equal(list.code, 0, list.stderr);
  } finally {
    tmp.remove();
  }
});

Deno.test("removed burn rows or a session row put back from an older copy are refused at unlock", async () => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const env = join(tmp.path, "e.plico");
    await sealTo(alice.as, env, "x");
    const path = join(bob.dir, "profile.db");
    const snapshot = new DatabaseSync(path);
    const oldKeys = snapshot.prepare("SELECT id, label, meta, setup_file, keys FROM sessions")
      .get() as Record<string, Uint8Array>;
    snapshot.close();
    assert.equal((await bob.as(["open", env, "--out-dir", tmp.path])).code, 0);
    const copy = join(tmp.path, "copy");
    assert.equal(new Deno.Command("cp", { args: ["-a", bob.dir, copy] }).outputSync().code, 0);

    // The session's row as it was before the open, put back into the current database.
    const db = new DatabaseSync(path);
    db.prepare("UPDATE sessions SET label = ?, meta = ?, setup_file = ?, keys = ? WHERE id = ?")
      .run(oldKeys.label!, oldKeys.meta!, oldKeys.setup_file!, oldKeys.keys!, oldKeys.id!);
    db.close();
    assertRolledBack(await bob.as(["open", env, "--out-dir", tmp.path]));

    // Burn rows removed, in a copy of the directory taken before the row was put back.
    const d = new DatabaseSync(join(copy, "profile.db"));
    d.exec("DELETE FROM burned");
    d.close();
    assertRolledBack(
      await runPlico([
        "open",
        env,
        "--out-dir",
        tmp.path,
        "--profile",
        copy,
        "--passphrase-file",
        bob.pass,
      ]),
    );
  } finally {
    tmp.remove();
  }
});
