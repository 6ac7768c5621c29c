/**
 * Use cases that read or remove sessions: list, show, export (re-emit this side's setup
 * file), remove. Removing a session deletes its keys for good; the burn registry and the
 * known-peer record stay (PROTOCOL §4.2, §5).
 *
 * @module
 */

import { PlicoError } from "../domain/errors.ts";
import { formatSafetyCode } from "../domain/safety_code.ts";
import { wipe } from "../domain/bytes.ts";
import {
  findSession,
  findSessionSummary,
  listSessionSummaries,
  SESSIONS_TABLE,
  type SessionSummary,
} from "./session_record.ts";
import type { UnlockedProfile } from "./unlocked_profile.ts";

/** A session as shown to the user. */
export interface SessionView {
  readonly label: string;
  readonly state: string;
  readonly role: string;
  readonly safetyCodeStatus: "pending" | "unconfirmed" | "confirmed" | "refused";
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly peerIdentity: string | null;
  readonly skippedKeyWindow: number;
  readonly lifetimeSeconds: number;
  readonly confirmFailures: number;
}

function view(row: SessionSummary): SessionView {
  const m = row.meta;
  const status = m.state === "awaiting-answer"
    ? "pending"
    : m.state === "active"
    ? "confirmed"
    : m.state === "refused"
    ? "refused"
    : "unconfirmed";
  return {
    label: row.label,
    state: m.state,
    role: m.role,
    safetyCodeStatus: status,
    createdAt: new Date(m.createdAt).toISOString(),
    expiresAt: m.expiresAt === null ? null : new Date(m.expiresAt).toISOString(),
    peerIdentity: m.peerIdentity,
    skippedKeyWindow: m.params.skippedKeyWindow,
    lifetimeSeconds: m.params.lifetimeSeconds,
    confirmFailures: m.confirmFailures,
  };
}

/** Every session, oldest first. */
export function listSessions(profile: UnlockedProfile): SessionView[] {
  return listSessionSummaries(profile.vault).map(view);
}

/** A session with its safety codes, as far as they may be shown. */
export interface SessionDetail extends SessionView {
  /** The code this side reads aloud (formatted), once keys are agreed. */
  readonly myCode: string | null;
  /**
   * The code the peer reads aloud (formatted), only once the session is confirmed: before,
   * showing it would let a user confirm by copying their own screen (PROTOCOL-handshake §10).
   */
  readonly peerCode: string | null;
}

/** One session, with the safety codes it may show (see `SessionDetail`). */
export function showSession(profile: UnlockedProfile, label: string): SessionDetail {
  const row = findSessionSummary(profile.vault, label);
  const { myCode, peerCode, state } = row.meta;
  return {
    ...view(row),
    myCode: myCode === null ? null : formatSafetyCode(myCode),
    peerCode: peerCode === null || state !== "active" ? null : formatSafetyCode(peerCode),
  };
}

/** This side's setup file of a session, to send again. */
export function exportSession(
  profile: UnlockedProfile,
  label: string,
): { kind: "INITIATOR" | "RESPONDER"; file: Uint8Array } {
  const row = findSession(profile.vault, label);
  wipe(row.keys); // only the setup file is needed
  if (row.meta.state === "refused") {
    throw new PlicoError("session.wrong_state", `session "${row.label}" was refused`);
  }
  return { kind: row.meta.role === "initiator" ? "INITIATOR" : "RESPONDER", file: row.setupFile };
}

/** Deletes a session and its keys. */
export function removeSession(profile: UnlockedProfile, label: string): void {
  const row = findSessionSummary(profile.vault, label);
  profile.vault.transaction(() => profile.vault.delete(SESSIONS_TABLE, row.id));
  profile.vault.purgeHistory();
}
