/**
 * Use case: confirm a session's safety code (`plico session confirm`). The user types the code
 * the peer reads to them; only a match activates the session. Mismatches are counted, and after
 * `SAFETY_CODE_MAX_FAILURES` the session is refused for good (PROTOCOL §4.2). Typing the code
 * this side reads aloud (copied from its own screen) is refused without using an attempt: it is
 * a slip, not a guess, and the message says what to do instead.
 *
 * @module
 */

import { wipe } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import { SAFETY_CODE_MAX_FAILURES } from "../domain/limits.ts";
import { normaliseSafetyCode, safetyCodeMatches } from "../domain/safety_code.ts";
import { encodeRatchetState, wipeRatchetState } from "../domain/ratchet/mod.ts";
import type { Deps } from "./deps.ts";
import { housekeepingDueAt } from "./expired_key_purge.ts";
import { initialRatchet } from "./session_ratchet.ts";
import { findSession, updateSession } from "./session_record.ts";
import type { UnlockedProfile } from "./unlocked_profile.ts";

/** What a user who typed the code they read aloud is told (no attempt is used). */
export const OWN_CODE_MESSAGE = "that is your own code: type the one your peer reads";

/** Outcome of a confirmation attempt (a mismatch is an expected outcome, not an exception). */
export type ConfirmOutcome =
  | { readonly confirmed: true; readonly label: string }
  | { readonly confirmed: false; readonly label: string; readonly attemptsLeft: number };

/** Checks the entered code against the session's; activates it on a match. */
export function confirmSession(
  deps: Deps,
  profile: UnlockedProfile,
  label: string,
  enteredCode: string,
): ConfirmOutcome {
  const { vault } = profile;
  const session = findSession(vault, label);
  const { meta } = session;
  if (meta.state === "active") return { confirmed: true, label: session.label };
  if (meta.state === "awaiting-answer") {
    throw new PlicoError(
      "session.wrong_state",
      `session "${session.label}" has no safety code yet: finish it with the peer's responder file`,
    );
  }
  if (meta.state === "refused") {
    throw new PlicoError(
      "session.wrong_state",
      `session "${session.label}" was refused after ${SAFETY_CODE_MAX_FAILURES} wrong codes; ` +
        `remove it and set up a new one`,
    );
  }
  if (normaliseSafetyCode(enteredCode) === null) {
    throw new PlicoError(
      "usage",
      "a safety code is 30 digits (six groups of five); type exactly what the peer reads",
    );
  }
  if (safetyCodeMatches(meta.myCode!, enteredCode)) {
    throw new PlicoError("session.own_code", OWN_CODE_MESSAGE);
  }
  if (safetyCodeMatches(meta.peerCode!, enteredCode)) {
    // Activation starts the ratchet; the setup's session keys are replaced by its state.
    const state = initialRatchet(deps.crypto, session);
    try {
      vault.transaction(() =>
        updateSession(vault, {
          ...session,
          keys: encodeRatchetState(state),
          meta: { ...meta, state: "active", confirmedAt: deps.clock.now() },
        }, housekeepingDueAt(state))
      );
    } finally {
      wipeRatchetState(state);
      wipe(session.keys);
    }
    vault.purgeHistory();
    return { confirmed: true, label: session.label };
  }
  const failures = meta.confirmFailures + 1;
  vault.transaction(() =>
    updateSession(vault, {
      ...session,
      meta: {
        ...meta,
        confirmFailures: failures,
        state: failures >= SAFETY_CODE_MAX_FAILURES ? "refused" : meta.state,
      },
    }, null)
  );
  wipe(session.keys);
  return {
    confirmed: false,
    label: session.label,
    attemptsLeft: Math.max(0, SAFETY_CODE_MAX_FAILURES - failures),
  };
}
