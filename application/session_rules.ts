/**
 * Which sessions may seal and open envelopes (PROTOCOL §4.2): only `active` ones that have not
 * expired. Sealing and opening both ask here, so the rule and its messages exist once. An
 * envelope that matches an `unconfirmed` session is refused through the same rule.
 *
 * @module
 */

import { PlicoError } from "../domain/errors.ts";
import type { SessionRow } from "./session_record.ts";

/** Refuses sessions that cannot send or receive now. */
export function requireUsable(row: SessionRow, now: number): void {
  const { state, expiresAt } = row.meta;
  if (state === "awaiting-answer" || state === "unconfirmed") {
    throw new PlicoError(
      "session.unconfirmed",
      `session "${row.label}" is not confirmed yet: compare the safety code with your peer and ` +
        `run 'plico session confirm'`,
    );
  }
  if (state !== "active") {
    throw new PlicoError("session.wrong_state", `session "${row.label}" is ${state}`);
  }
  if (expiresAt !== null && now >= expiresAt) {
    throw new PlicoError(
      "session.expired",
      `session "${row.label}" expired on ${new Date(expiresAt).toISOString()}; set up a new one`,
    );
  }
}
