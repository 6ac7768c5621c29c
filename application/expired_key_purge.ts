/**
 * Housekeeping of skipped message keys (PROTOCOL §2.6, PROTOCOL-envelope §6.5): an expired key must not
 * stay in the profile just because no envelope of its session arrives any more. Every write
 * transaction, and the pass at unlock, purges the keys of each session whose earliest expiry has
 * come; the vault then checkpoints the write-ahead log so the old bytes leave the files.
 *
 * @module
 */

import { wipe } from "../domain/bytes.ts";
import type { CryptoPort } from "../domain/ports.ts";
import {
  decodeRatchetState,
  encodeRatchetState,
  purgeExpiredSkippedKeys,
  type RatchetState,
  wipeRatchetState,
} from "../domain/ratchet/mod.ts";
import type { Vault } from "./ports.ts";
import { readSession, SESSIONS_TABLE, updateSession } from "./session_record.ts";

/** When a ratchet state next needs housekeeping: its earliest skipped-key expiry, or null. */
export function housekeepingDueAt(state: RatchetState): number | null {
  let due: number | null = null;
  for (const k of state.skipped) if (due === null || k.expiresAt < due) due = k.expiresAt;
  return due;
}

/**
 * Removes the expired skipped keys of every session due at `now`. Runs inside a write
 * transaction; returns true when it rewrote a session.
 */
export function purgeExpiredKeys(crypto: CryptoPort, vault: Vault, now: number): boolean {
  let purged = false;
  for (const id of vault.dueRows(SESSIONS_TABLE, now)) {
    const row = readSession(vault, id);
    if (!row || row.meta.state !== "active") continue;
    const state = decodeRatchetState(crypto, row.keys);
    const next = purgeExpiredSkippedKeys(state, now);
    const keys = encodeRatchetState(next);
    try {
      updateSession(vault, { ...row, keys }, housekeepingDueAt(next));
      purged = true;
    } finally {
      wipe(keys, row.keys);
      wipeRatchetState(state);
      wipeRatchetState(next);
    }
  }
  return purged;
}
