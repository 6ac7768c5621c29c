/**
 * Unlock rate limit (PROTOCOL §2.5). Every attempt is recorded before the KDF runs (as
 * *pending*), and its outcome after; failures since the last success decide how long the next
 * attempt must wait, and enough of them lock the profile out. A pending attempt that never
 * reports back (the process was killed) counts as a failure once it is stale. The record is
 * MACed: an edited, missing or unreadable record locks rather than unlocks.
 *
 * @module
 */

import { DIGEST_BYTES } from "./primitive_sizes.ts";
import { ByteReader } from "./byte_reader.ts";
import { concat, timingSafeEqual, u32be, u64be, utf8 } from "./bytes.ts";
import { LABELS } from "./labels.ts";
import {
  UNLOCK_DELAYS_MS,
  UNLOCK_LOCKOUT_FAILURES,
  UNLOCK_LOCKOUT_MS,
  UNLOCK_MAX_PENDING,
  UNLOCK_PENDING_STALE_MS,
} from "./limits.ts";
import type { CryptoPort } from "./ports.ts";

/** The attempt record. Times are ms since the epoch. */
export interface ThrottleRecord {
  /** Every attempt ever started, successful or not; never decreases. */
  readonly total: number;
  /** Failed attempts since the last success (stale pending ones included). */
  readonly failures: number;
  readonly lastFailureAt: number;
  /** While `now < lockedUntil`, no attempt is allowed. */
  readonly lockedUntil: number;
  /** Attempts started whose outcome is not recorded yet. */
  readonly pending: number;
  /** When the oldest pending attempt started (0 when none is pending). */
  readonly pendingSince: number;
}

/** Whether an attempt may start now. */
export type ThrottleDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAt: number; readonly lockedOut: boolean };

const VERSION = 2;
const BODY_BYTES = 1 + 8 + 4 + 8 + 8 + 4 + 8;
const MAC_BYTES = DIGEST_BYTES;
/** Encoded record length. */
export const THROTTLE_RECORD_BYTES = BODY_BYTES + MAC_BYTES;

/** A fresh record for a new profile. */
export const FRESH_RECORD: ThrottleRecord = {
  total: 0,
  failures: 0,
  lastFailureAt: 0,
  lockedUntil: 0,
  pending: 0,
  pendingSince: 0,
};

/**
 * MAC key of the record. With a platform factor it is secret: nobody without the user's OS
 * session can forge a record. A passphrase-only profile has no secret before unlock, so its key
 * is a constant that only detects accidental or naive edits; resets are then caught after the
 * next successful unlock (PROTOCOL §2.5). The key does not depend on the passphrase or salt, so
 * a passphrase change keeps the record valid.
 */
export function throttleMacKey(crypto: CryptoPort, platformFactor: Uint8Array | null): Uint8Array {
  const ikm = platformFactor ?? new Uint8Array(0);
  return crypto.hkdf("sha256", ikm, new Uint8Array(0), utf8(LABELS.throttleMac), 32);
}

function body(r: ThrottleRecord): Uint8Array {
  return concat(
    new Uint8Array([VERSION]),
    u64be(r.total),
    u32be(r.failures),
    u64be(r.lastFailureAt),
    u64be(r.lockedUntil),
    u32be(r.pending),
    u64be(r.pendingSince),
  );
}

/** Encodes and MACs a record. */
export function encodeThrottleRecord(
  crypto: CryptoPort,
  macKey: Uint8Array,
  r: ThrottleRecord,
): Uint8Array {
  const b = body(r);
  return concat(b, crypto.hmac("sha256", macKey, b));
}

/** Decodes a record; `null` when it is missing, malformed or its MAC does not verify. */
export function decodeThrottleRecord(
  crypto: CryptoPort,
  macKey: Uint8Array,
  bytes: Uint8Array | null,
): ThrottleRecord | null {
  if (bytes === null || bytes.length !== THROTTLE_RECORD_BYTES || bytes[0] !== VERSION) {
    return null;
  }
  const b = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(crypto.hmac("sha256", macKey, b), bytes.subarray(BODY_BYTES))) return null;
  let record: ThrottleRecord;
  try {
    const r = new ByteReader(b, "attempt record").at(1);
    record = {
      total: r.u64(),
      failures: r.u32(),
      lastFailureAt: r.u64(),
      lockedUntil: r.u64(),
      pending: r.u32(),
      pendingSince: r.u64(),
    };
    r.end();
  } catch {
    return null; // A u64 beyond 2^53 − 1: not a record this program wrote.
  }
  return record.failures + record.pending <= record.total ? record : null;
}

/**
 * The record that replaces a tampered one: locked out from now on. The lockout counts as
 * `UNLOCK_LOCKOUT_FAILURES` attempts on top of the last known total, keeping the invariant
 * failures ≤ total and the total monotonic.
 */
export function tamperedRecord(previousTotal: number, now: number): ThrottleRecord {
  return {
    total: previousTotal + UNLOCK_LOCKOUT_FAILURES,
    failures: UNLOCK_LOCKOUT_FAILURES,
    lastFailureAt: now,
    lockedUntil: now + UNLOCK_LOCKOUT_MS,
    pending: 0,
    pendingSince: 0,
  };
}

function withFailures(r: ThrottleRecord, failures: number, at: number): ThrottleRecord {
  return {
    ...r,
    failures,
    lastFailureAt: at,
    lockedUntil: failures >= UNLOCK_LOCKOUT_FAILURES ? at + UNLOCK_LOCKOUT_MS : r.lockedUntil,
  };
}

/** Pending attempts that never reported back (killed processes) become failures. */
export function settleStale(r: ThrottleRecord, now: number): ThrottleRecord {
  if (r.pending === 0 || now - r.pendingSince < UNLOCK_PENDING_STALE_MS) return r;
  const settled = withFailures(
    r,
    r.failures + r.pending,
    Math.max(r.lastFailureAt, r.pendingSince),
  );
  return { ...settled, pending: 0, pendingSince: 0 };
}

/** Decides whether an attempt may start at `now` (on a settled record). */
export function decideAttempt(r: ThrottleRecord, now: number): ThrottleDecision {
  if (now < r.lockedUntil) return { allowed: false, retryAt: r.lockedUntil, lockedOut: true };
  const delay = UNLOCK_DELAYS_MS[Math.min(r.failures, UNLOCK_DELAYS_MS.length - 1)]!;
  const retryAt = r.failures === 0 ? 0 : r.lastFailureAt + delay;
  // A clock set backwards must not shorten the wait: a failure "in the future" still counts.
  if (now < retryAt || now < r.lastFailureAt) {
    return { allowed: false, retryAt: Math.max(retryAt, r.lastFailureAt), lockedOut: false };
  }
  // Parallel guessing is bounded too: only so many attempts may be under way at once.
  if (r.pending >= UNLOCK_MAX_PENDING) {
    return { allowed: false, retryAt: r.pendingSince + UNLOCK_PENDING_STALE_MS, lockedOut: false };
  }
  return { allowed: true };
}

/**
 * The record after starting an attempt (before the KDF). `pendingSince` keeps the start of the
 * oldest pending attempt, so a stream of new attempts cannot keep a killed one from going stale.
 */
export function recordAttempt(r: ThrottleRecord, now: number): ThrottleRecord {
  return {
    ...r,
    total: r.total + 1,
    pending: r.pending + 1,
    pendingSince: r.pending === 0 ? now : r.pendingSince,
  };
}

function oneLessPending(r: ThrottleRecord): Pick<ThrottleRecord, "pending" | "pendingSince"> {
  const pending = Math.max(0, r.pending - 1);
  return { pending, pendingSince: pending === 0 ? 0 : r.pendingSince };
}

/** The record after an attempt failed. */
export function recordFailure(r: ThrottleRecord, now: number): ThrottleRecord {
  return { ...withFailures(r, r.failures + 1, now), ...oneLessPending(r) };
}

/**
 * The record after an attempt that was abandoned before its outcome was known (the user
 * interrupted the KDF): no longer pending, and not a failure — nothing was learned from it.
 */
export function recordAbandoned(r: ThrottleRecord): ThrottleRecord {
  return { ...r, ...oneLessPending(r) };
}

/** The record after a successful unlock. */
export function recordSuccess(r: ThrottleRecord): ThrottleRecord {
  return { ...r, failures: 0, lastFailureAt: 0, lockedUntil: 0, ...oneLessPending(r) };
}
