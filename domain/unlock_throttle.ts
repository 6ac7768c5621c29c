/**
 * Unlock rate limit (PROTOCOL §2.5). Every attempt is recorded before the KDF runs; failures
 * since the last success decide how long the next attempt must wait, and enough of them lock the
 * profile out. The record is MACed: an edited, missing or unreadable record locks rather than
 * unlocks.
 *
 * @module
 */

import { concat, timingSafeEqual, u32be, u64be, utf8 } from "./bytes.ts";
import { LABELS } from "./labels.ts";
import { UNLOCK_DELAYS_MS, UNLOCK_LOCKOUT_FAILURES, UNLOCK_LOCKOUT_MS } from "./limits.ts";
import type { CryptoPort } from "./ports.ts";

/** The attempt record. Times are ms since the epoch. */
export interface ThrottleRecord {
  /** Every attempt ever started, successful or not; never decreases. */
  readonly total: number;
  /** Failed (or interrupted) attempts since the last success. */
  readonly failures: number;
  readonly lastFailureAt: number;
  /** While `now < lockedUntil`, no attempt is allowed. */
  readonly lockedUntil: number;
}

/** Whether an attempt may start now. */
export type ThrottleDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAt: number; readonly lockedOut: boolean };

const VERSION = 1;
const BODY_BYTES = 1 + 8 + 4 + 8 + 8;
const MAC_BYTES = 32;
/** Encoded record length. */
export const THROTTLE_RECORD_BYTES = BODY_BYTES + MAC_BYTES;

/** A fresh record for a new profile. */
export const FRESH_RECORD: ThrottleRecord = {
  total: 0,
  failures: 0,
  lastFailureAt: 0,
  lockedUntil: 0,
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

function readU64(view: DataView, at: number): number {
  return view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
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
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const record = {
    total: readU64(view, 1),
    failures: view.getUint32(9),
    lastFailureAt: readU64(view, 13),
    lockedUntil: readU64(view, 21),
  };
  const sane = Number.isSafeInteger(record.total) && Number.isSafeInteger(record.lastFailureAt) &&
    Number.isSafeInteger(record.lockedUntil) && record.failures <= record.total;
  return sane ? record : null;
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
  };
}

/** Decides whether an attempt may start at `now`. */
export function decideAttempt(r: ThrottleRecord, now: number): ThrottleDecision {
  if (now < r.lockedUntil) return { allowed: false, retryAt: r.lockedUntil, lockedOut: true };
  const delay = UNLOCK_DELAYS_MS[Math.min(r.failures, UNLOCK_DELAYS_MS.length - 1)]!;
  const retryAt = r.failures === 0 ? 0 : r.lastFailureAt + delay;
  // A clock set backwards must not shorten the wait: a failure "in the future" still counts.
  if (now < retryAt || now < r.lastFailureAt) {
    return { allowed: false, retryAt: Math.max(retryAt, r.lastFailureAt), lockedOut: false };
  }
  return { allowed: true };
}

/** The record after starting an attempt: counted as a failure until it succeeds. */
export function recordAttempt(r: ThrottleRecord, now: number): ThrottleRecord {
  const failures = r.failures + 1;
  return {
    total: r.total + 1,
    failures,
    lastFailureAt: now,
    lockedUntil: failures >= UNLOCK_LOCKOUT_FAILURES ? now + UNLOCK_LOCKOUT_MS : 0,
  };
}

/** The record after a successful unlock. */
export function recordSuccess(r: ThrottleRecord): ThrottleRecord {
  return { total: r.total, failures: 0, lastFailureAt: 0, lockedUntil: 0 };
}
