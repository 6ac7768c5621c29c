/**
 * Use case: finish a session with the responder file (`plico session finish`). The file must
 * answer an initiator file this profile made; it is verified completely and the keys derived
 * before anything is written. The same file twice is harmless; a different answer to a finished
 * session is refused (PROTOCOL §4.2).
 *
 * @module
 */

import { toHex, wipe } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import {
  decodePending,
  decodeResponderFile,
  finishHandshake,
  wipeHandshakeResult,
  wipePending,
} from "../domain/handshake/mod.ts";
import type { Deps } from "./deps.ts";
import { checkContinuity, type Continuity, rememberPeer } from "./known_peers.ts";
import { encodeSessionKeys } from "./session_keys.ts";
import { findByInitiatorHash, updateSession } from "./session_record.ts";
import { setupFileBytes } from "./setup_file_input.ts";
import type { UnlockedProfile } from "./unlocked_profile.ts";

/** The outcome of finishing. */
export interface FinishedSession {
  readonly label: string;
  /** The code this side reads aloud to the peer (30 digits); never the one to type. */
  readonly myCode: string;
  readonly continuity: Continuity;
  /** True when this responder file had been imported before. */
  readonly repeated: boolean;
}

/** Finishes the setup this responder file (binary or armored) answers. */
export function finishSession(
  deps: Deps,
  profile: UnlockedProfile,
  input: Uint8Array,
): FinishedSession {
  const { vault, crypto } = { vault: profile.vault, crypto: deps.crypto };
  const file = setupFileBytes(input, "RESPONDER");
  const responder = decodeResponderFile(file);
  const session = findByInitiatorHash(vault, responder.initiatorFileHash);
  if (!session || session.meta.role !== "initiator") {
    throw new PlicoError(
      "session.not_found",
      "this responder file answers a session this profile did not start",
    );
  }
  if (session.meta.state !== "awaiting-answer") {
    wipe(session.keys); // not needed: nothing is derived again
    if (session.meta.responderFileHash === toHex(crypto.sha3_256(file))) {
      return {
        label: session.label,
        myCode: session.meta.myCode!,
        continuity: { sameIdentityAs: [], labelReusedWithOtherIdentity: false },
        repeated: true,
      };
    }
    throw new PlicoError(
      "session.conflict",
      `session "${session.label}" was already finished with a different responder file`,
    );
  }
  const pending = decodePending(crypto, session.keys);
  let result;
  try {
    result = finishHandshake(crypto, deps.clock, pending, file);
  } finally {
    wipePending(pending);
    wipe(session.keys);
  }
  const keys = encodeSessionKeys(result);
  try {
    const continuity = checkContinuity(vault, result.peerIdentityPublic, session.label);
    vault.transaction(() => {
      updateSession(vault, {
        ...session,
        keys,
        meta: {
          ...session.meta,
          state: "unconfirmed",
          peerIdentity: toHex(result.peerIdentityPublic),
          transcriptHash: toHex(result.transcriptHash),
          myCode: result.myCode,
          peerCode: result.peerCode,
          answeredAt: result.answeredAt,
          expiresAt: result.expiresAt,
          responderFileHash: toHex(crypto.sha3_256(file)),
        },
      }, null);
      rememberPeer(vault, deps.random, result.peerIdentityPublic, session.label, deps.clock.now());
    });
    return { label: session.label, myCode: result.myCode, continuity, repeated: false };
  } finally {
    wipe(keys);
    wipeHandshakeResult(result);
  }
}
