/**
 * Use case: answer an initiator file (`plico session answer`). The file is verified completely
 * before anything is written; answering the same file twice is harmless and gives back the same
 * responder file (PROTOCOL §4.2).
 *
 * @module
 */

import { timingSafeEqual, toHex, wipe } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import {
  answerInitiatorFile,
  decodeSignedInitiatorFile,
  initiatorFileHash,
  wipeHandshakeResult,
} from "../domain/handshake/mod.ts";
import type { Deps } from "./deps.ts";
import { checkContinuity, type Continuity, rememberPeer } from "./known_peers.ts";
import { encodeSessionKeys } from "./session_keys.ts";
import { checkLabel } from "./session_label.ts";
import { findByInitiatorHash, insertSession, labelTaken } from "./session_record.ts";
import { setupFileBytes } from "./setup_file_input.ts";
import type { UnlockedProfile } from "./unlocked_profile.ts";

/** The outcome of answering. */
export interface AnsweredSession {
  readonly label: string;
  /** The responder file to send back. */
  readonly file: Uint8Array;
  /** The code this side reads aloud to the peer (30 digits); never the one to type. */
  readonly myCode: string;
  readonly continuity: Continuity;
  /** True when this initiator file had been answered before (same file returned). */
  readonly repeated: boolean;
}

/** Answers an initiator file (binary or armored) as a new session labelled `label`. */
export function answerSession(
  deps: Deps,
  profile: UnlockedProfile,
  input: Uint8Array,
  label: string,
): AnsweredSession {
  const name = checkLabel(label);
  const { vault } = profile;
  const file = setupFileBytes(input, "INITIATOR");
  const hash = initiatorFileHash(deps.crypto, file);
  const earlier = findByInitiatorHash(vault, hash);
  if (earlier) {
    wipe(earlier.keys); // only its public parts are needed
    if (earlier.meta.role !== "responder") {
      throw new PlicoError("session.conflict", "this initiator file was made by this profile");
    }
    // The same file again: verify it as strictly as the first time, then repeat our answer.
    decodeSignedInitiatorFile(deps.crypto, file);
    return {
      label: earlier.label,
      file: earlier.setupFile,
      myCode: earlier.meta.myCode!,
      continuity: { sameIdentityAs: [], labelReusedWithOtherIdentity: false },
      repeated: true,
    };
  }
  if (labelTaken(vault, name)) {
    throw new PlicoError("session.exists", `a session labelled "${name}" already exists`);
  }
  const answer = answerInitiatorFile(
    deps.crypto,
    deps.random,
    deps.clock,
    profile.info.identitySecret,
    file,
  );
  const { result } = answer;
  if (!timingSafeEqual(result.initiatorFileHash, hash)) {
    throw new PlicoError("internal", "initiator file hash mismatch");
  }
  const keys = encodeSessionKeys(result);
  try {
    const continuity = checkContinuity(vault, result.peerIdentityPublic, name);
    const now = deps.clock.now();
    vault.transaction(() => {
      insertSession(vault, {
        id: deps.random.randomBytes(16),
        label: name,
        setupFile: answer.file,
        keys,
        meta: {
          state: "unconfirmed",
          role: "responder",
          createdAt: now,
          initiatorFileHash: toHex(hash),
          params: result.params,
          peerIdentity: toHex(result.peerIdentityPublic),
          transcriptHash: toHex(result.transcriptHash),
          myCode: result.myCode,
          peerCode: result.peerCode,
          answeredAt: result.answeredAt,
          expiresAt: result.expiresAt,
          confirmFailures: 0,
          confirmedAt: null,
          responderFileHash: toHex(deps.crypto.sha3_256(answer.file)),
        },
      });
      rememberPeer(vault, deps.random, result.peerIdentityPublic, name, now);
    });
    return {
      label: name,
      file: answer.file,
      myCode: result.myCode,
      continuity,
      repeated: false,
    };
  } finally {
    wipe(keys);
    wipeHandshakeResult(result);
  }
}
