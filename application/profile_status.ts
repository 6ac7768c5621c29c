/**
 * Use case: the public facts of a profile, without unlocking anything (PROTOCOL §2.1): binding,
 * Argon2id parameters, lockout state and session count are all readable without the passphrase.
 *
 * @module
 */

import {
  decideAttempt,
  decodeThrottleRecord,
  settleStale,
  throttleMacKey,
} from "../domain/unlock_throttle.ts";
import { wipe } from "../domain/bytes.ts";
import type { Argon2Params } from "../domain/ports.ts";
import type { Deps } from "./deps.ts";
import { loadFactor } from "./platform_binding.ts";
import { SESSIONS_TABLE } from "./session_record.ts";

/** What `profile status` shows. */
export interface ProfileStatus {
  readonly location: string;
  readonly binding: string;
  readonly argon2: Argon2Params;
  /** "ok", "delayed" (must wait), "locked-out", or "unknown" (bound, store unavailable). */
  readonly lockout: "ok" | "delayed" | "locked-out" | "unknown";
  readonly failedAttempts: number | null;
  readonly retryAt: number | null;
  readonly sessions: number;
}

/** Reads the public facts; loads the platform factor only to verify the attempt record. */
export async function profileStatus(deps: Deps): Promise<ProfileStatus> {
  const { repo, crypto } = deps;
  const header = repo.readHeader();
  let factor: Uint8Array | null = null;
  let lockout: ProfileStatus["lockout"] = "unknown";
  let failedAttempts: number | null = null;
  let retryAt: number | null = null;
  try {
    if (header.binding !== "passphrase-only") {
      factor = await loadFactor(deps.platform, header).catch(() => null);
    }
    if (header.binding === "passphrase-only" || factor !== null) {
      const key = throttleMacKey(crypto, factor);
      const record = decodeThrottleRecord(crypto, key, repo.readAttempts());
      wipe(key);
      if (record === null) lockout = "locked-out";
      else {
        const settled = settleStale(record, deps.clock.now());
        const decision = decideAttempt(settled, deps.clock.now());
        failedAttempts = settled.failures;
        if (!decision.allowed) {
          lockout = decision.lockedOut ? "locked-out" : "delayed";
          retryAt = decision.retryAt;
        } else lockout = "ok";
      }
    }
  } finally {
    wipe(factor ?? undefined);
  }
  return {
    location: repo.location,
    binding: header.binding,
    argon2: header.argon2,
    lockout,
    failedAttempts,
    retryAt,
    sessions: repo.countRows(SESSIONS_TABLE),
  };
}

/** The status as plain facts for `--json` and the UI (times as ISO strings): one shape for both. */
export function statusFacts(s: ProfileStatus) {
  return {
    location: s.location,
    binding: s.binding,
    argon2: s.argon2,
    lockout: s.lockout,
    failedAttempts: s.failedAttempts,
    retryAt: s.retryAt === null ? null : new Date(s.retryAt).toISOString(),
    sessions: s.sessions,
  };
}
