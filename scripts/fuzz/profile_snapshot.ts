/**
 * A fingerprint of a profile's persistent state: every row of every table of `profile.db` and
 * of `attempts.db`, read through a separate read-only connection. Sealed fields carry fresh
 * random nonces, so even rewriting a value with the same content changes the fingerprint —
 * exactly what "a failure changes no state" must rule out.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** Reads fingerprints of one profile directory; `close()` releases the connections. */
export interface ProfileSnapshotter {
  /** SHA-256 over all rows, hex. */
  fingerprint(): string;
  /** Rows of one table of `profile.db` (row counts are public anyway). */
  count(table: string): number;
  close(): void;
}

function tables(db: DatabaseSync): string[] {
  const rows = db.prepare(
    "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
  ).all() as { name: string }[];
  return rows.map((r) => r.name);
}

function feed(hash: ReturnType<typeof createHash>, db: DatabaseSync): void {
  for (const table of tables(db)) {
    hash.update(`\x00table ${table}\x00`);
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).all()) {
      for (const [column, value] of Object.entries(row as Record<string, unknown>)) {
        hash.update(`${column}=`);
        if (value instanceof Uint8Array) hash.update(value);
        else hash.update(`${typeof value}:${String(value)}`);
        hash.update("\x00");
      }
      hash.update("\x01");
    }
  }
}

/** Fingerprints the profile in `dir` (which must exist). */
export function profileSnapshotter(dir: string): ProfileSnapshotter {
  const profile = new DatabaseSync(join(dir, "profile.db"), { readOnly: true });
  const attempts = new DatabaseSync(join(dir, "attempts.db"), { readOnly: true });
  return {
    fingerprint() {
      const hash = createHash("sha256");
      feed(hash, profile);
      hash.update("\x02attempts\x02");
      feed(hash, attempts);
      return hash.digest("hex");
    },
    count(table) {
      const row = profile.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
      return Number(row.n);
    },
    close() {
      profile.close();
      attempts.close();
    },
  };
}
