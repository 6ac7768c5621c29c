/**
 * The ratchet state of a stored session (PROTOCOL §4.1): an active session stores its encoded
 * ratchet state in `keys`; an unconfirmed one still holds the setup's session keys, from which
 * the ratchet is initialised when the safety code is confirmed.
 *
 * @module
 */

import { initRatchet, type RatchetState } from "../domain/ratchet/mod.ts";
import { decodeRatchetState } from "../domain/ratchet/mod.ts";
import type { CryptoPort } from "../domain/ports.ts";
import { decodeSessionKeys } from "./session_keys.ts";
import type { SessionRow } from "./session_record.ts";

/** The ratchet a session starts with, from its setup keys. */
export function initialRatchet(crypto: CryptoPort, row: SessionRow): RatchetState {
  const keys = decodeSessionKeys(row.keys);
  return initRatchet(crypto, {
    role: row.meta.role,
    rootKey: keys.rootKey,
    transcriptHash: keys.transcriptHash,
    skippedKeyWindow: row.meta.params.skippedKeyWindow,
    ownRatchet: keys.ownRatchet,
    peerRatchetPublic: keys.peerRatchetPublic,
    ownKem: keys.ownKem,
    peerKemPublic: keys.peerKemPublic,
  });
}

/**
 * The current ratchet of an active session, or — for an unconfirmed one — the ratchet it would
 * start with (used only to tell the user an envelope is for a session still to be confirmed).
 */
export function ratchetOf(crypto: CryptoPort, row: SessionRow): RatchetState | null {
  if (row.meta.state === "active") return decodeRatchetState(crypto, row.keys);
  if (row.meta.state === "unconfirmed") return initialRatchet(crypto, row);
  return null;
}
