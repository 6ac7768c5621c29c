/**
 * Use case: start a session (`plico session new`): create and sign the initiator file, and
 * store the pending secrets encrypted until the answer arrives (PROTOCOL §4.2).
 *
 * @module
 */

import { toHex, wipe } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import {
  createInitiatorFile,
  DEFAULT_SESSION_PARAMS,
  encodePending,
  initiatorFileHash,
  type SessionParams,
  wipePending,
} from "../domain/handshake/mod.ts";
import type { Deps } from "./deps.ts";
import { checkLabel } from "./session_label.ts";
import { insertSession, labelTaken } from "./session_record.ts";
import type { UnlockedProfile } from "./unlocked_profile.ts";

/** The initiator file to send to the peer. */
export interface StartedSession {
  readonly label: string;
  readonly file: Uint8Array;
}

/** Creates the initiator file for a new session labelled `label`. */
export function startSession(
  deps: Deps,
  profile: UnlockedProfile,
  label: string,
  params: SessionParams = DEFAULT_SESSION_PARAMS,
): StartedSession {
  const name = checkLabel(label);
  const { vault } = profile;
  if (labelTaken(vault, name)) {
    throw new PlicoError("session.exists", `a session labelled "${name}" already exists`);
  }
  const { file, pending } = createInitiatorFile(
    deps.crypto,
    deps.random,
    deps.clock,
    profile.info.identitySecret,
    params,
  );
  const keys = encodePending(pending);
  try {
    vault.transaction(() =>
      insertSession(vault, {
        id: deps.random.randomBytes(16),
        label: name,
        setupFile: file,
        keys,
        meta: {
          state: "awaiting-answer",
          role: "initiator",
          createdAt: deps.clock.now(),
          initiatorFileHash: toHex(initiatorFileHash(deps.crypto, file)),
          params,
          peerIdentity: null,
          transcriptHash: null,
          myCode: null,
          peerCode: null,
          answeredAt: null,
          expiresAt: null,
          confirmFailures: 0,
          confirmedAt: null,
          responderFileHash: null,
        },
      })
    );
    return { label: name, file };
  } finally {
    wipe(keys);
    wipePending(pending);
  }
}
