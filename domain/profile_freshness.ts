/**
 * Profile freshness (PROTOCOL §2.6): what lets an unlock tell the latest profile database from
 * an older copy put back alone (a backup restore, sync software, a lost `profile.db-wal`).
 *
 * - The encrypted singleton `freshness.state` holds a generation counter that every committed
 *   write raises by one, the generation at which each session row was last written (bound into
 *   the AAD of that row's fields, `record_seal.ts`), and a keyed accumulator over the burn set.
 * - `attempts.db` beside the profile holds the *anchor*: the latest generation committed, MACed.
 *   A profile whose generation is below its anchor is an older copy: `profile.rolled_back`.
 *
 * Pure encoding and decisions; the storage adapter does the reading and writing.
 *
 * @module
 */

import { concat, timingSafeEqual, u64be, utf8 } from "./bytes.ts";
import { PlicoError } from "./errors.ts";
import { LABELS } from "./labels.ts";
import { RECORD_ID_BYTES } from "./limits.ts";
import type { CryptoPort } from "./ports.ts";

const STATE_VERSION = 1;
const ANCHOR_VERSION = 1;
const ACC_BYTES = 32;
const MAC_BYTES = 32;
/** version, generation, burn count, burn accumulator, row count. */
const STATE_FIXED_BYTES = 1 + 8 + 8 + ACC_BYTES + 4;
/** row id, generation, due time (0 = none). */
const ROW_BYTES = RECORD_ID_BYTES + 8 + 8;
/** Encoded anchor length: version, generation, MAC. */
export const ANCHOR_BYTES = 1 + 8 + MAC_BYTES;
/** Most tracked rows a state may list (far above any real number of sessions). */
export const FRESHNESS_MAX_ROWS = 100_000;

/** Where one tracked row stands. */
export interface TrackedRow {
  readonly id: Uint8Array;
  /** Generation of the commit that last wrote the row (≥ 1). */
  readonly generation: number;
  /** When the row next needs housekeeping (ms since the epoch), or null. */
  readonly dueAt: number | null;
}

/** The decrypted freshness singleton. */
export interface FreshnessState {
  /** Committed writes so far; 0 only before the first commit of a new profile. */
  readonly generation: number;
  /** Rows in the burn registry. */
  readonly burnCount: number;
  /** XOR over the burn set of `HMAC-SHA-256(freshnessKey, 0x01 || tag)`. */
  readonly burnAccumulator: Uint8Array;
  /** Every row of the tracked table (`sessions`), in no particular order. */
  readonly rows: readonly TrackedRow[];
}

/** The state of a database that has never committed anything. */
export function emptyFreshness(): FreshnessState {
  return { generation: 0, burnCount: 0, burnAccumulator: new Uint8Array(ACC_BYTES), rows: [] };
}

function corrupt(message: string): PlicoError {
  return new PlicoError("profile.corrupt", `the profile's freshness record ${message}`);
}

function readU64(view: DataView, at: number): number {
  return view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
}

/** The MAC key of the anchor and of the burn accumulator, from the storage key. */
export function freshnessKey(crypto: CryptoPort, storageKey: Uint8Array): Uint8Array {
  return crypto.hkdf("sha256", storageKey, new Uint8Array(0), utf8(LABELS.freshnessKey), 32);
}

/** Encodes the state (the caller seals it as a record field). */
export function encodeFreshness(s: FreshnessState): Uint8Array {
  const out = new Uint8Array(STATE_FIXED_BYTES + s.rows.length * ROW_BYTES);
  const view = new DataView(out.buffer);
  out[0] = STATE_VERSION;
  out.set(u64be(s.generation), 1);
  out.set(u64be(s.burnCount), 9);
  out.set(s.burnAccumulator, 17);
  view.setUint32(17 + ACC_BYTES, s.rows.length);
  let at = STATE_FIXED_BYTES;
  for (const row of s.rows) {
    out.set(row.id, at);
    out.set(u64be(row.generation), at + RECORD_ID_BYTES);
    out.set(u64be(row.dueAt ?? 0), at + RECORD_ID_BYTES + 8);
    at += ROW_BYTES;
  }
  return out;
}

/** Decodes the state strictly (length checked before anything is read). */
export function decodeFreshness(bytes: Uint8Array): FreshnessState {
  if (bytes.length < STATE_FIXED_BYTES || bytes[0] !== STATE_VERSION) {
    throw corrupt("is malformed");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(17 + ACC_BYTES);
  if (count > FRESHNESS_MAX_ROWS || bytes.length !== STATE_FIXED_BYTES + count * ROW_BYTES) {
    throw corrupt("has the wrong length");
  }
  const generation = readU64(view, 1);
  const burnCount = readU64(view, 9);
  if (!Number.isSafeInteger(generation) || !Number.isSafeInteger(burnCount)) {
    throw corrupt("is out of range");
  }
  const rows: TrackedRow[] = [];
  let at = STATE_FIXED_BYTES;
  for (let i = 0; i < count; i++) {
    const rowGeneration = readU64(view, at + RECORD_ID_BYTES);
    const due = readU64(view, at + RECORD_ID_BYTES + 8);
    if (rowGeneration < 1 || rowGeneration > generation || !Number.isSafeInteger(due)) {
      throw corrupt("lists a row out of range");
    }
    rows.push({
      id: bytes.slice(at, at + RECORD_ID_BYTES),
      generation: rowGeneration,
      dueAt: due === 0 ? null : due,
    });
    at += ROW_BYTES;
  }
  return {
    generation,
    burnCount,
    burnAccumulator: bytes.slice(17, 17 + ACC_BYTES),
    rows,
  };
}

/** `accumulator XOR HMAC-SHA-256(key, 0x01 || tag)`, in place. Order of insertion is free. */
export function accumulateBurn(
  crypto: CryptoPort,
  key: Uint8Array,
  accumulator: Uint8Array,
  tag: Uint8Array,
): void {
  const term = crypto.hmac("sha256", key, concat(new Uint8Array([1]), tag));
  for (let i = 0; i < ACC_BYTES; i++) accumulator[i]! ^= term[i]!;
}

function anchorMac(crypto: CryptoPort, key: Uint8Array, generation: number): Uint8Array {
  return crypto.hmac(
    "sha256",
    key,
    concat(new Uint8Array([2]), new Uint8Array([ANCHOR_VERSION]), u64be(generation)),
  );
}

/** The anchor kept in `attempts.db` for `generation`. */
export function encodeAnchor(crypto: CryptoPort, key: Uint8Array, generation: number): Uint8Array {
  return concat(
    new Uint8Array([ANCHOR_VERSION]),
    u64be(generation),
    anchorMac(crypto, key, generation),
  );
}

/** The anchor's generation, or null when it is malformed or was not made with this key. */
export function decodeAnchor(
  crypto: CryptoPort,
  key: Uint8Array,
  bytes: Uint8Array,
): number | null {
  if (bytes.length !== ANCHOR_BYTES || bytes[0] !== ANCHOR_VERSION) return null;
  const generation = readU64(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 1);
  if (!Number.isSafeInteger(generation)) return null;
  return timingSafeEqual(bytes.subarray(9), anchorMac(crypto, key, generation)) ? generation : null;
}

/** What an unlock found wrong, for the message; null when the profile is fresh. */
export type StaleReason =
  | "older-than-anchor"
  | "anchor-missing"
  | "record-missing"
  | "rows-differ"
  | "burns-differ";

/** The stable error for a profile that is not the latest, with what the user can do. */
export function rolledBack(reason: StaleReason): PlicoError {
  const what: Record<StaleReason, string> = {
    "older-than-anchor": "this profile database is older than the last state this device " +
      "recorded: an earlier copy of profile.db was put back, or its profile.db-wal file was lost",
    "anchor-missing": "the record that vouches for this profile's freshness (in attempts.db) " +
      "is missing or altered, so an older copy of the profile cannot be ruled out",
    "record-missing": "this profile's own record of its latest state is missing (removed, or " +
      "the profile was made by a pre-release Plico)",
    "rows-differ": "the sessions stored in this profile do not match its own record of them: " +
      "rows were put back from an older copy or removed",
    "burns-differ": "the record of opened envelopes in this profile does not match its own " +
      "summary of it: entries were removed or added outside Plico",
  };
  return new PlicoError(
    "profile.rolled_back",
    `${what[reason]}. Nothing was changed. Using it could open an envelope a second time, so ` +
      `Plico refuses it. Put back the newest copy of the whole profile directory (profile.db ` +
      `with its profile.db-wal and attempts.db). If there is none, 'plico profile accept-copy ` +
      `--remove-sessions' keeps this copy's identity and removes its sessions, to set up anew.`,
  );
}
