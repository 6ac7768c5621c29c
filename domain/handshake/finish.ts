/**
 * Step 3 of the session setup: the initiator finishes with the responder's file
 * (PROTOCOL-handshake §7, §8).
 *
 * @module
 */

import { timingSafeEqual, wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { ClockPort, CryptoPort } from "../ports.ts";
import { deriveSafetyCodes } from "../safety_code.ts";
import { RESPONDER } from "./format.ts";
import { decodeInitiatorFile } from "./initiator_file.ts";
import { deriveRootKey, initiatorFileHash, transcriptHash } from "./key_schedule.ts";
import { openPending, type PendingInitiator } from "./pending.ts";
import { decodeResponderFile } from "./responder_file.ts";
import { type HandshakeResult, sessionExpiry } from "./result.ts";
import { checkAnswerTime, checkResponderTime, readNow } from "./setup_time.ts";
import { verifySetup } from "./signature.ts";

/**
 * Finish the setup started by `pending` with `responderFile`. Every check of §8 runs before a
 * secret is used: structure, canonical values, signature, time, binding to *this* initiator file
 * (`session.conflict` for an answer to another one), identity distinctness, then DH
 * (`crypto.weak_key`) and decapsulation. `pending` is neither changed nor wiped, so a failed
 * finish leaves it usable; the caller wipes it after storing the session.
 */
export function finishHandshake(
  crypto: CryptoPort,
  clock: ClockPort,
  pending: PendingInitiator,
  responderFile: Uint8Array,
): HandshakeResult {
  const responder = decodeResponderFile(responderFile);
  verifySetup(
    crypto,
    responder.identityPublic,
    LABELS.sigResponder,
    responderFile.subarray(0, RESPONDER.signature),
    responder.signature,
    "responder file",
  );
  const now = readNow(clock);
  checkResponderTime(responder.createdAt, now);
  const ownInitiatorHash = initiatorFileHash(crypto, pending.file);
  if (!timingSafeEqual(ownInitiatorHash, responder.initiatorFileHash)) {
    throw new PlicoError(
      "session.conflict",
      "this responder file answers a different initiator file",
    );
  }

  // §8 steps 8–9 on the public fields before any of our secrets is touched.
  const initiatorPublic = decodeInitiatorFile(pending.file);
  checkAnswerTime(initiatorPublic.createdAt, responder.createdAt);
  if (timingSafeEqual(initiatorPublic.identityPublic, responder.identityPublic)) {
    throw new PlicoError("session.conflict", "the responder file was made with your own identity");
  }
  const expiresAt = sessionExpiry(responder.createdAt, initiatorPublic.params);

  const { initiator, ratchet, kem } = openPending(crypto, pending);
  let dh: Uint8Array | undefined;
  let kemSecret: Uint8Array | undefined;
  try {
    dh = crypto.x25519(ratchet.secretKey, responder.ephemeralPublic); // throws crypto.weak_key
    kemSecret = crypto.mlkem768Decapsulate(responder.kemCiphertext, kem.secretKey);
    const transcript = transcriptHash(crypto, pending.file, responderFile);
    const codes = deriveSafetyCodes(crypto, transcript);
    return {
      role: "initiator",
      transcriptHash: transcript,
      rootKey: deriveRootKey(crypto, dh, kemSecret, transcript),
      myCode: codes.initiator,
      peerCode: codes.responder,
      sessionNonce: initiator.sessionNonce,
      initiatorFileHash: ownInitiatorHash,
      params: initiator.params,
      createdAt: initiator.createdAt,
      answeredAt: responder.createdAt,
      expiresAt,
      ownIdentityPublic: initiator.identityPublic,
      peerIdentityPublic: responder.identityPublic,
      ownRatchet: ratchet,
      peerRatchetPublic: responder.ephemeralPublic,
      ownKem: kem,
      peerKemPublic: responder.kemPublic,
    };
  } catch (e) {
    wipe(ratchet.secretKey, kem.secretKey);
    throw e;
  } finally {
    wipe(dh, kemSecret);
  }
}
