/**
 * How a session is stored (PROTOCOL §4.1): one row of the encrypted `sessions` table with the
 * label, the metadata (state, role, hashes, safety code, times), this side's setup file and the
 * session keys. Every column is a sealed field; nothing about a session is readable without
 * unlocking the profile.
 *
 * @module
 */

import { fromUtf8, toHex, utf8 } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import type { HandshakeRole, SessionParams } from "../domain/handshake/mod.ts";
import type { Vault } from "./ports.ts";

/** The encrypted sessions table. */
export const SESSIONS_TABLE = "sessions";

/**
 * Session states (PROTOCOL §4.2):
 * - `awaiting-answer`: the initiator sent its file and waits for the responder file;
 * - `unconfirmed`: keys agreed; the user must enter the code the peer reads;
 * - `active`: confirmed; envelopes can be sealed and opened;
 * - `refused`: too many wrong codes; the session can only be removed.
 */
export type SessionState = "awaiting-answer" | "unconfirmed" | "active" | "refused";

const STATES: readonly SessionState[] = ["awaiting-answer", "unconfirmed", "active", "refused"];

/** The session's metadata (stored encrypted as canonical JSON). */
export interface SessionMeta {
  readonly state: SessionState;
  readonly role: HandshakeRole;
  /** When this side created the record, ms since the epoch. */
  readonly createdAt: number;
  /** SHA3-256 of the initiator file, hex: the natural key of the session. */
  readonly initiatorFileHash: string;
  readonly params: SessionParams;
  /** Set once keys are agreed. */
  readonly peerIdentity: string | null;
  readonly transcriptHash: string | null;
  /** The code this side reads aloud (PROTOCOL-handshake §10), once keys are agreed. */
  readonly myCode: string | null;
  /** The code the peer reads aloud and this side's user must type; shown only once confirmed. */
  readonly peerCode: string | null;
  readonly answeredAt: number | null;
  readonly expiresAt: number | null;
  readonly confirmFailures: number;
  readonly confirmedAt: number | null;
  /** SHA3-256 of the responder file, hex, once there is one (duplicate detection). */
  readonly responderFileHash: string | null;
}

/** A stored session. */
export interface SessionRow {
  readonly id: Uint8Array;
  readonly label: string;
  readonly meta: SessionMeta;
  /** This side's setup file (initiator or responder file), for `export` and duplicates. */
  readonly setupFile: Uint8Array;
  /** Secrets: the pending initiator record, or the session keys (`session_keys.ts`). */
  readonly keys: Uint8Array;
}

function isTime(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

const CODE = /^[0-9]{30}$/;

function isCodeOrNull(v: unknown): boolean {
  return v === null || (typeof v === "string" && CODE.test(v));
}

function decodeMeta(bytes: Uint8Array): SessionMeta {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(fromUtf8(bytes));
  } catch {
    throw new PlicoError("profile.corrupt", "a session record is unreadable");
  }
  const params = m.params as Record<string, unknown> | undefined;
  const hexOrNull = (v: unknown) => v === null || (typeof v === "string" && /^[0-9a-f]+$/.test(v));
  const ok = typeof m === "object" && m !== null &&
    STATES.includes(m.state as SessionState) &&
    (m.role === "initiator" || m.role === "responder") && isTime(m.createdAt) &&
    typeof m.initiatorFileHash === "string" && /^[0-9a-f]{64}$/.test(m.initiatorFileHash) &&
    params !== undefined && isTime(params.lifetimeSeconds) && isTime(params.skippedKeyWindow) &&
    hexOrNull(m.peerIdentity) && hexOrNull(m.transcriptHash) &&
    isCodeOrNull(m.myCode) && isCodeOrNull(m.peerCode) &&
    (m.myCode === null) === (m.peerCode === null) &&
    (m.answeredAt === null || isTime(m.answeredAt)) &&
    (m.expiresAt === null || isTime(m.expiresAt)) && isTime(m.confirmFailures) &&
    (m.confirmedAt === null || isTime(m.confirmedAt)) && hexOrNull(m.responderFileHash);
  if (!ok) throw new PlicoError("profile.corrupt", "a session record is malformed");
  return m as unknown as SessionMeta;
}

/** A session without its secrets and setup file: what listing and lookups need. */
export type SessionSummary = Omit<SessionRow, "setupFile" | "keys">;

function readLabel(label: Uint8Array | undefined): string {
  if (!label) throw new PlicoError("profile.corrupt", "a session record is incomplete");
  try {
    return fromUtf8(label);
  } catch {
    throw new PlicoError("profile.corrupt", "a session label is unreadable");
  }
}

function toSummary(id: Uint8Array, f: Record<string, Uint8Array>): SessionSummary {
  if (!f.meta) throw new PlicoError("profile.corrupt", "a session record is incomplete");
  return { id, label: readLabel(f.label), meta: decodeMeta(f.meta) };
}

function toRow(id: Uint8Array, f: Record<string, Uint8Array>): SessionRow {
  const { setup_file: setupFile, keys } = f;
  if (!setupFile || !keys) {
    throw new PlicoError("profile.corrupt", "a session record is incomplete");
  }
  return { ...toSummary(id, f), setupFile, keys };
}

const byAge = (a: SessionSummary, b: SessionSummary) => a.meta.createdAt - b.meta.createdAt;

/**
 * All sessions of the profile with their secrets, oldest first (opening must try every
 * session's header keys). The caller wipes each row's `keys` when done.
 */
export function listSessionRows(vault: Vault): SessionRow[] {
  return vault.all(SESSIONS_TABLE).map((r) => toRow(r.id, r.fields)).sort(byAge);
}

/** All sessions without their secrets, oldest first: nothing secret is decrypted. */
export function listSessionSummaries(vault: Vault): SessionSummary[] {
  return vault.all(SESSIONS_TABLE, ["label", "meta"]).map((r) => toSummary(r.id, r.fields))
    .sort(byAge);
}

/** One session with its secrets, by row id; null when it is gone. */
export function readSession(vault: Vault, id: Uint8Array): SessionRow | null {
  const fields = vault.get(SESSIONS_TABLE, id);
  return fields ? toRow(id, fields) : null;
}

/** True when a session has this label. */
export function labelTaken(vault: Vault, label: string): boolean {
  return listSessionSummaries(vault).some((s) => s.label === label);
}

/** The session with this label, without its secrets; `session.not_found` when there is none. */
export function findSessionSummary(vault: Vault, label: string): SessionSummary {
  const summary = listSessionSummaries(vault).find((s) => s.label === label);
  if (!summary) throw new PlicoError("session.not_found", `no session labelled "${label}"`);
  return summary;
}

/**
 * The session with this label, with its secrets (only this row's are decrypted; the caller
 * wipes `keys`); `session.not_found` when there is none.
 */
export function findSession(vault: Vault, label: string): SessionRow {
  const row = readSession(vault, findSessionSummary(vault, label).id);
  if (!row) throw new PlicoError("session.not_found", `no session labelled "${label}"`);
  return row;
}

/** The session whose initiator file has this hash, if any (hashes of public files). */
export function findByInitiatorHash(vault: Vault, hash: Uint8Array): SessionRow | undefined {
  const hex = toHex(hash);
  const summary = listSessionSummaries(vault).find((s) => s.meta.initiatorFileHash === hex);
  return (summary && readSession(vault, summary.id)) ?? undefined;
}

function fields(row: Omit<SessionRow, "id">): Record<string, Uint8Array> {
  return {
    label: utf8(row.label),
    meta: utf8(JSON.stringify(row.meta)),
    setup_file: row.setupFile,
    keys: row.keys,
  };
}

/** Inserts a new session (a new session holds no skipped keys: nothing falls due). */
export function insertSession(vault: Vault, row: SessionRow): void {
  vault.insert(SESSIONS_TABLE, row.id, fields(row), null);
}

/**
 * Replaces a stored session. `dueAt` is when its stored state next needs housekeeping — the
 * earliest skipped-key expiry of the ratchet state written (`housekeepingDueAt`), or null — so
 * that expired keys are purged even if the session is never used again (PROTOCOL §2.6).
 */
export function updateSession(vault: Vault, row: SessionRow, dueAt: number | null): void {
  vault.update(SESSIONS_TABLE, row.id, fields(row), dueAt);
}
