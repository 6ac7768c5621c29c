/**
 * Burn registry at scale: open latency (in-process `openEnvelope` of a 1 KiB envelope) with
 * 0, 100 000 and 1 000 000 rows in the `burned` table. The rows are written straight into
 * SQLite — random 32-byte tags and random blobs of the size of a sealed `opened_at` field — as
 * the open path only looks tags up by the primary key and inserts two; their content does not
 * matter to its cost.
 *
 * @module
 */

import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { connectedPair, open, seal } from "../../tests/support/active_session.ts";
import type { Row } from "./bench_table.ts";
import { median } from "./measure.ts";

/** Adds `count` random rows to the burn registry of the profile in `dir`. */
export function fillBurned(dir: string, count: number): void {
  const db = new DatabaseSync(join(dir, "profile.db"));
  try {
    db.exec("PRAGMA busy_timeout = 10000");
    const sample = db.prepare("SELECT length(opened_at) AS n FROM burned LIMIT 1").get() as
      | { n: number }
      | undefined;
    const blobBytes = sample?.n ?? 48; // nonce 24 + u64 8 + tag 16 (PROTOCOL §2.4)
    const insert = db.prepare("INSERT INTO burned (tag, opened_at) VALUES (?, ?)");
    const batch = 50_000;
    const pool = new Uint8Array(batch * (32 + blobBytes));
    for (let done = 0; done < count; done += batch) {
      for (let i = 0; i < pool.length; i += 65_536) {
        crypto.getRandomValues(pool.subarray(i, Math.min(pool.length, i + 65_536)));
      }
      db.exec("BEGIN IMMEDIATE");
      const n = Math.min(batch, count - done);
      for (let i = 0; i < n; i++) {
        const at = i * (32 + blobBytes);
        insert.run(pool.subarray(at, at + 32), pool.subarray(at + 32, at + 32 + blobBytes));
      }
      db.exec("COMMIT");
    }
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

/** Rows: open latency at each fill level. */
export async function burnScaleRows(levels: readonly number[], runs: number): Promise<Row[]> {
  const pair = await connectedPair();
  const rows: Row[] = [];
  try {
    const { alice, bob } = pair;
    // One open first, so the table holds a real row whose blob size the filler copies.
    await open(bob, await seal(alice, "Bob", "warm-up"));
    let filled = 0;
    let baseline: number | null = null;
    for (const level of levels) {
      fillBurned(bob.dir, level - filled);
      filled = level;
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const envelope = await seal(alice, "Bob", "x".repeat(1024));
        const t = performance.now();
        await open(bob, envelope);
        times.push(performance.now() - t);
      }
      const ms = median(times);
      baseline ??= ms;
      const size = Deno.statSync(join(bob.dir, "profile.db")).size;
      rows.push({
        section: "burn registry scale (in-process open of 1 KiB)",
        name: `open with ${level.toLocaleString("en")} burned`,
        plico: ms,
        unit: "ms",
        better: "lower",
        reference: baseline,
        referenceName: "the same with an empty registry",
        note: `profile.db ${(size / 1048576).toFixed(1)} MiB`,
      });
    }
    return rows;
  } finally {
    pair.close();
  }
}
