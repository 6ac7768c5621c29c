/**
 * The attempt count at the last successful unlock, kept inside the encrypted profile
 * (PROTOCOL §2.5). The attempt record outside it may only grow; finding it smaller than this
 * count after a successful unlock means it was reset or rolled back.
 *
 * @module
 */

import { u64be } from "../domain/bytes.ts";
import { ByteReader } from "../domain/byte_reader.ts";
import { corruptRecord, PlicoError } from "../domain/errors.ts";
import type { Vault } from "./ports.ts";
import { PROFILE_INFO_ROW } from "./profile_info.ts";

/** Table of the audit record (one row, the profile record's fixed id). */
export const UNLOCK_AUDIT_TABLE = "unlock_audit";

/** Reads the attempt total recorded at the last successful unlock. */
export function readAuditTotal(vault: Vault): number {
  const f = vault.get(UNLOCK_AUDIT_TABLE, PROFILE_INFO_ROW);
  const b = f?.attempts_total;
  if (!b) throw new PlicoError("profile.corrupt", "the unlock audit is missing");
  const r = new ByteReader(b, "the unlock audit", corruptRecord);
  const total = r.u64("the attempt total");
  r.end();
  return total;
}

/** Records the attempt total at this successful unlock. */
export function writeAuditTotal(vault: Vault, total: number): void {
  vault.update(UNLOCK_AUDIT_TABLE, PROFILE_INFO_ROW, { attempts_total: u64be(total) });
}
