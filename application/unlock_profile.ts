/**
 * Use case: unlock a profile (PROTOCOL §2.3, §2.5). Reads the header (writing nothing to the
 * profile database), checks the Argon2id parameters before any KDF, loads the platform factor
 * of a bound profile (never falling back to the passphrase alone), records the attempt in the
 * attempt record **before** the KDF runs, and unwraps the master key.
 *
 * @module
 */

import { wipe } from "../domain/bytes.ts";
import { isPlicoError, PlicoError } from "../domain/errors.ts";
import { checkArgon2Params } from "../domain/kdf_params.ts";
import {
  deriveWrapKey,
  KDF_ARGON2ID_V13,
  passphraseBytes,
  PROFILE_FORMAT_VERSION,
  unwrapMasterKey,
} from "../domain/key_wrap.ts";
import { deriveSubkey } from "../domain/subkeys.ts";
import {
  decideAttempt,
  decodeThrottleRecord,
  encodeThrottleRecord,
  recordAbandoned,
  recordAttempt,
  recordFailure,
  recordSuccess,
  settleStale,
  tamperedRecord,
  throttleMacKey,
  type ThrottleRecord,
} from "../domain/unlock_throttle.ts";
import type { Deps } from "./deps.ts";
import { purgeExpiredKeys } from "./expired_key_purge.ts";
import { loadFactor } from "./platform_binding.ts";
import type { StoredHeader, Vault } from "./ports.ts";
import { readProfileInfo } from "./profile_info.ts";
import { SESSIONS_TABLE } from "./session_record.ts";
import { readAuditTotal, writeAuditTotal } from "./unlock_audit.ts";
import type { UnlockedMaster, UnlockedProfile } from "./unlocked_profile.ts";

/** Printed on every unlock of a profile without OS credential store binding. */
export const PASSPHRASE_ONLY_WARNING =
  "warning: this profile is protected by its passphrase alone (not bound to an OS credential " +
  "store); a stolen copy can be attacked offline. Run 'plico profile bind' to bind it.";

function checkHeader(header: StoredHeader): void {
  if (header.formatVersion !== PROFILE_FORMAT_VERSION || header.kdfId !== KDF_ARGON2ID_V13) {
    throw new PlicoError(
      "profile.unsupported",
      `unsupported profile format ${header.formatVersion}/${header.kdfId}`,
    );
  }
  checkArgon2Params(header.argon2);
}

type BeginOutcome = { ok: true } | { ok: false; retryAt: number; tampered: boolean };
type FinishOutcome = { ok: true; total: number } | { ok: false; retryAt: number };

function lockedOut(retryAt: number, now: number, reason: string): PlicoError {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  return new PlicoError(
    "profile.locked_out",
    `${reason}; try again in ${seconds} s (after ${new Date(retryAt).toISOString()})`,
  );
}

/** Counts the attempt before any KDF work, or refuses it. */
function beginAttempt(deps: Deps, macKey: Uint8Array): void {
  const { crypto, clock, repo } = deps;
  const now = clock.now();
  const outcome = repo.updateAttempts<BeginOutcome>((current) => {
    const record = decodeThrottleRecord(crypto, macKey, current);
    if (record === null) {
      const locked = tamperedRecord(0, now);
      return {
        next: encodeThrottleRecord(crypto, macKey, locked),
        result: { ok: false, retryAt: locked.lockedUntil, tampered: true },
      };
    }
    const settled = settleStale(record, now);
    const decision = decideAttempt(settled, now);
    if (!decision.allowed) {
      return {
        next: encodeThrottleRecord(crypto, macKey, settled),
        result: { ok: false, retryAt: decision.retryAt, tampered: false },
      };
    }
    return {
      next: encodeThrottleRecord(crypto, macKey, recordAttempt(settled, now)),
      result: { ok: true },
    };
  });
  if (!outcome.ok) {
    throw lockedOut(
      outcome.retryAt,
      now,
      outcome.tampered
        ? "the unlock attempt record is missing or was altered, so the profile is locked out"
        : "too many failed unlock attempts",
    );
  }
}

/**
 * Settles the pending attempt with `settle`; a record that fails its MAC (reset or forged) is
 * replaced by a locked-out one instead.
 */
function settleAttempt(
  deps: Deps,
  macKey: Uint8Array,
  settle: (record: ThrottleRecord, now: number) => ThrottleRecord,
): void {
  const { crypto, clock, repo } = deps;
  const now = clock.now();
  repo.updateAttempts((current) => {
    const record = decodeThrottleRecord(crypto, macKey, current);
    const next = record === null ? tamperedRecord(0, now) : settle(record, now);
    return { next: encodeThrottleRecord(crypto, macKey, next), result: undefined };
  });
}

/** After a failed unwrap: the pending attempt becomes a failure. */
const failAttempt = (deps: Deps, macKey: Uint8Array) => settleAttempt(deps, macKey, recordFailure);

/** After a right passphrase whose profile was then refused: the attempt is no failure. */
const settleRightPassphrase = (deps: Deps, macKey: Uint8Array) =>
  settleAttempt(deps, macKey, recordSuccess);

/** The user interrupted the KDF: the pending attempt is settled as abandoned, not failed. */
const abandonAttempt = (deps: Deps, macKey: Uint8Array) =>
  settleAttempt(deps, macKey, recordAbandoned);

/**
 * The output of the KDF `start` begins, unless `signal` aborts first: then the attempt is
 * settled as abandoned and `interrupted` thrown. The outcome is never looked at after an abort,
 * and once the KDF finished no abort is taken any more, so an interruption can never hide a
 * failure. A KDF that fails itself (no thread could start, say) is settled as abandoned too:
 * its output never reached the unwrap, so nothing was learned about the passphrase, and left
 * pending the attempt would turn into a failure a minute later.
 */
async function kdfUnlessInterrupted(
  deps: Deps,
  macKey: Uint8Array,
  start: () => Promise<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  let settled = false;
  const abandon = () => {
    if (settled) return;
    settled = true;
    abandonAttempt(deps, macKey);
  };
  // A synchronous throw from `start` becomes a rejection like any other failure.
  const kdf = new Promise<Uint8Array>((resolve) => resolve(start()));
  const outcome = kdf.catch((e) => {
    try {
      abandon();
    } catch {
      // Not settled (the attempt record could not be written): it counts as a failure once
      // stale, as a killed process's does. The KDF's own failure is the one to report.
    }
    throw e;
  });
  if (!signal) return await outcome;
  let onAbort = () => {};
  const aborted = new Promise<null>((resolve) => {
    onAbort = () => resolve(null);
    if (signal.aborted) resolve(null);
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const out = await Promise.race([outcome, aborted]);
    if (out !== null) return out;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  outcome.then((late) => late.fill(0), () => {});
  abandon();
  throw new PlicoError(
    "interrupted",
    "interrupted during the unlock; it does not count as a failed attempt",
  );
}

/** After a successful unwrap: clears the failures, checking the record was not reset. */
function finishAttempt(deps: Deps, macKey: Uint8Array, vault: Vault): void {
  const { crypto, clock, repo } = deps;
  const now = clock.now();
  const audit = readAuditTotal(vault);
  const outcome = repo.updateAttempts<FinishOutcome>((current) => {
    const record = decodeThrottleRecord(crypto, macKey, current);
    if (record === null || record.total < audit) {
      // Totals never decrease; a smaller one was reset or rolled back. Lock, and resynchronise
      // the total so that the next honest unlock after the lockout succeeds.
      const locked = tamperedRecord(audit, now);
      return {
        next: encodeThrottleRecord(crypto, macKey, locked),
        result: { ok: false, retryAt: locked.lockedUntil },
      };
    }
    return {
      next: encodeThrottleRecord(crypto, macKey, recordSuccess(record)),
      result: { ok: true, total: record.total },
    };
  });
  if (!outcome.ok) {
    throw lockedOut(outcome.retryAt, now, "the unlock attempt record was reset or rolled back");
  }
  vault.transaction(() => writeAuditTotal(vault, outcome.total));
}

/**
 * Unlocks and returns the master key too; for the profile management use cases. Aborting
 * `signal` while the KDF runs abandons the attempt (`interrupted`); `acceptAsLatest` is for
 * `profile accept-copy` (the freshness check takes this copy as the latest).
 */
export async function unlockMaster(
  deps: Deps,
  passphrase: string,
  signal?: AbortSignal,
  acceptAsLatest?: (sessionsRemoved: number) => void,
): Promise<UnlockedMaster> {
  const { crypto, repo } = deps;
  const header = repo.readHeader();
  checkHeader(header);
  const factor = await loadFactor(deps.platform, header);
  const macKey = throttleMacKey(crypto, factor);
  let masterKey: Uint8Array | undefined;
  try {
    beginAttempt(deps, macKey);
    const password = passphraseBytes(passphrase);
    let argonOut: Uint8Array;
    try {
      argonOut = await kdfUnlessInterrupted(
        deps,
        macKey,
        () => crypto.argon2id(password, header.salt, header.argon2, 32),
        signal,
      );
    } finally {
      password.fill(0);
    }
    const wrapKey = deriveWrapKey(crypto, header, argonOut, factor);
    wipe(password, argonOut);
    try {
      masterKey = unwrapMasterKey(crypto, wrapKey, header.wrapNonce, header, header.wrappedKey);
    } catch (e) {
      failAttempt(deps, macKey);
      throw e;
    } finally {
      wipe(wrapKey);
    }
    let unlocked: UnlockedMaster;
    try {
      unlocked = profileFromMasterKey(
        deps,
        header,
        masterKey,
        factor,
        (vault) => finishAttempt(deps, macKey, vault),
        acceptAsLatest,
      );
    } catch (e) {
      // Refused by the freshness check (or nothing to recover), before the rate-limit
      // bookkeeping: the passphrase was right, so the attempt must not go stale into a failure.
      if (isPlicoError(e, "profile.rolled_back") || isPlicoError(e, "usage")) {
        settleRightPassphrase(deps, macKey);
      }
      throw e;
    }
    masterKey = undefined; // owned by `unlocked` now
    return unlocked;
  } catch (e) {
    wipe(masterKey, factor ?? undefined);
    throw e;
  } finally {
    wipe(macKey);
  }
}

/**
 * The unlocked profile for a master key already obtained (by `unlockMaster`, or handed to a
 * sandboxed worker by the process that unlocked it). Takes ownership of `masterKey` and
 * `factor`: `lock()` wipes them. `beforeRead` runs once the vault is open (the unlock's
 * rate-limit bookkeeping).
 */
export function profileFromMasterKey(
  deps: Deps,
  header: StoredHeader,
  masterKey: Uint8Array,
  factor: Uint8Array | null,
  beforeRead?: (vault: Vault) => void,
  acceptAsLatest?: (sessionsRemoved: number) => void,
): UnlockedMaster {
  const { crypto, repo, clock } = deps;
  const storageKey = deriveSubkey(crypto, masterKey, "storage");
  try {
    // Checks freshness first (`profile.rolled_back`): nothing is written to an older copy.
    const vault = repo.openVault(storageKey, acceptAsLatest);
    // Every write transaction from now on also purges expired skipped keys, and so does this
    // unlock (PROTOCOL §2.6).
    vault.addHousekeeping(() => purgeExpiredKeys(crypto, vault, clock.now()));
    beforeRead?.(vault);
    const now = clock.now();
    if (vault.dueRows(SESSIONS_TABLE, now).length > 0) {
      vault.transaction(() => purgeExpiredKeys(crypto, vault, now));
    }
    const info = readProfileInfo(vault);
    return {
      info,
      header,
      vault,
      masterKey,
      factor,
      warnings: header.binding === "passphrase-only" ? [PASSPHRASE_ONLY_WARNING] : [],
      subkey: (purpose) => deriveSubkey(crypto, masterKey, purpose),
      lock: () => {
        wipe(masterKey, info.identitySecret, factor ?? undefined);
        repo.close();
      },
    };
  } finally {
    wipe(storageKey);
  }
}

/** Unlocks the profile with a passphrase; throws `profile.bad_passphrase` when wrong. */
export async function unlockProfile(
  deps: Deps,
  passphrase: string,
  signal?: AbortSignal,
): Promise<UnlockedProfile> {
  const m = await unlockMaster(deps, passphrase, signal);
  return {
    info: m.info,
    header: m.header,
    vault: m.vault,
    warnings: m.warnings,
    subkey: m.subkey,
    lock: m.lock,
  };
}
