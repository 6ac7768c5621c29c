/**
 * Checks on what a killed process left behind: SQLite integrity, burn-registry row counts and
 * the files in an output directory (final names versus hidden temporary ones).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import {
  decodeThrottleRecord,
  throttleMacKey,
  type ThrottleRecord,
} from "../../domain/unlock_throttle.ts";

const crypto = createCrypto();

/** `PRAGMA integrity_check` of both databases of a profile: "ok", or what SQLite reported. */
export function integrity(profileDir: string): string {
  const problems: string[] = [];
  for (const name of ["profile.db", "attempts.db"]) {
    // A normal (read-write) connection, as the next Plico run would open it: it recovers a
    // write-ahead log left by the killed process before checking.
    const db = new DatabaseSync(join(profileDir, name));
    try {
      const rows = db.prepare("PRAGMA integrity_check").all() as Record<string, string>[];
      const text = rows.map((r) => Object.values(r)[0]).join("; ");
      if (text !== "ok") problems.push(`${name}: ${text}`);
    } finally {
      db.close();
    }
  }
  return problems.length === 0 ? "ok" : problems.join(" | ");
}

/**
 * Runs `query` on the database at `path`, read-only when possible. A process killed while it
 * wrote leaves a write-ahead log that only a writable connection may recover ("attempt to
 * write a readonly database"); the program's next start does that same recovery, so the check
 * may too.
 */
function readDatabase<T>(path: string, query: (db: DatabaseSync) => T): T {
  const run = (readOnly: boolean) => {
    const db = new DatabaseSync(path, { readOnly });
    try {
      return query(db);
    } finally {
      db.close();
    }
  };
  try {
    return run(true);
  } catch (e) {
    if (!/readonly database/.test(String(e))) throw e;
    return run(false);
  }
}

/** Rows of a table of `profile.db` (row counts are public: the file shows them anyway). */
export function rowCount(profileDir: string, table: string): number {
  return readDatabase(join(profileDir, "profile.db"), (db) => {
    const row = db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
    return Number(row.n);
  });
}

/** The stored bytes of every session row, to tell whether a run changed them. */
export function sessionRows(profileDir: string): string {
  return readDatabase(join(profileDir, "profile.db"), (db) => {
    const rows = db.prepare("SELECT id, keys FROM sessions ORDER BY id").all() as {
      id: Uint8Array;
      keys: Uint8Array;
    }[];
    return rows.map((r) => `${r.id.join(",")}:${r.keys.length}:${r.keys.join(",")}`).join("\n");
  });
}

/** Files of an output directory: under final names, and Plico's hidden temporary ones. */
export function outputFiles(dir: string): { finals: string[]; partials: string[] } {
  const finals: string[] = [];
  const partials: string[] = [];
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.isFile) continue;
      if (entry.name.startsWith(".") && entry.name.includes(".partial-")) {
        partials.push(entry.name);
      } else finals.push(entry.name);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return { finals: finals.sort(), partials: partials.sort() };
}

/** True when the file at `path` holds exactly `expected`. */
export function fileEquals(path: string, expected: Uint8Array): boolean {
  let data: Uint8Array;
  try {
    data = Deno.readFileSync(path);
  } catch {
    return false;
  }
  return Buffer.from(data.buffer, data.byteOffset, data.length)
    .equals(Buffer.from(expected.buffer, expected.byteOffset, expected.length));
}

/**
 * The unlock-attempt record of a passphrase-only profile (PROTOCOL §2.5; its MAC key is public
 * for such profiles), or null when it is missing or does not verify.
 */
export function attemptRecord(profileDir: string): ThrottleRecord | null {
  return readDatabase(join(profileDir, "attempts.db"), (db) => {
    const row = db.prepare("SELECT record FROM attempts WHERE singleton = 1").get() as
      | { record: Uint8Array }
      | undefined;
    return decodeThrottleRecord(crypto, throttleMacKey(crypto, null), row?.record ?? null);
  });
}
