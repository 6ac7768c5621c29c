/**
 * Step 2 of the session setup: the responder answers an initiator file and completes its side
 * (PROTOCOL-handshake §4, §7, §8, §13).
 *
 * @module
 */

import { timingSafeEqual, wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import { deriveSafetyCodes } from "../safety_code.ts";
import type { ClockPort, CryptoPort, KeyPair, RandomPort } from "../ports.ts";
import { SIZES } from "./format.ts";
import { drawRandom } from "./initiate.ts";
import { decodeSignedInitiatorFile } from "./initiator_file.ts";
import { deriveRootKey, initiatorFileHash, transcriptHash } from "./key_schedule.ts";
import { encodeResponderBody, encodeResponderFile } from "./responder_file.ts";
import { type HandshakeResult, sessionExpiry } from "./result.ts";
import { checkInitiatorTime, readNow } from "./setup_time.ts";
import { signSetup } from "./signature.ts";

/** What `answerInitiatorFile` returns: the file to send back and the finished session. */
export interface ResponderAnswer {
  /** The 2448-byte responder file (public; binary or armored). */
  readonly file: Uint8Array;
  /** The responder's session; unusable until the safety code is confirmed. */
  readonly result: HandshakeResult;
}

/**
 * Answer `initiatorFile` with the identity `identitySecret` (32-byte Ed25519 seed). The file is
 * fully validated (§8) before any secret is used; then DH (all-zero refused,
 * `crypto.weak_key`), encapsulation, signing and the key schedule. Randomness is drawn in the
 * order of §13: ephemeral secret, encapsulation randomness, ML-KEM seed.
 */
export function answerInitiatorFile(
  crypto: CryptoPort,
  random: RandomPort,
  clock: ClockPort,
  identitySecret: Uint8Array,
  initiatorFile: Uint8Array,
): ResponderAnswer {
  if (identitySecret.length !== SIZES.ed25519Secret) {
    throw new PlicoError("crypto.bad_length", "identity secret must be 32 bytes");
  }
  // §8: structure, canonical values, signature, times — all before any secret is used.
  const initiator = decodeSignedInitiatorFile(crypto, initiatorFile);
  const now = readNow(clock);
  checkInitiatorTime(initiator.createdAt, now);
  const identityPublic = crypto.ed25519PublicKey(identitySecret);
  if (timingSafeEqual(identityPublic, initiator.identityPublic)) {
    throw new PlicoError("session.conflict", "this initiator file was made with your own identity");
  }

  const ephemeralSecret = drawRandom(random, SIZES.x25519);
  let dh: Uint8Array | undefined;
  let kemSecret: Uint8Array | undefined;
  let encapsRandomness: Uint8Array | undefined;
  let kemSeed: Uint8Array | undefined;
  let ownKem: KeyPair | undefined;
  try {
    dh = crypto.x25519(ephemeralSecret, initiator.ephemeralPublic); // throws crypto.weak_key
    encapsRandomness = drawRandom(random, SIZES.mlkemRandomness);
    const encapsulation = crypto.mlkem768Encapsulate(initiator.kemPublic, encapsRandomness);
    kemSecret = encapsulation.sharedSecret;
    kemSeed = drawRandom(random, SIZES.mlkemSeed);
    ownKem = crypto.mlkem768KeyPair(kemSeed);
    const ownInitiatorHash = initiatorFileHash(crypto, initiatorFile);
    const body = {
      initiatorFileHash: ownInitiatorHash,
      identityPublic,
      ephemeralPublic: crypto.x25519PublicKey(ephemeralSecret),
      kemCiphertext: encapsulation.ciphertext,
      kemPublic: ownKem.publicKey,
      createdAt: now,
    };
    const signature = signSetup(
      crypto,
      identitySecret,
      LABELS.sigResponder,
      encodeResponderBody(body),
    );
    const file = encodeResponderFile({ ...body, signature });
    const transcript = transcriptHash(crypto, initiatorFile, file);
    const codes = deriveSafetyCodes(crypto, transcript);
    const result: HandshakeResult = {
      role: "responder",
      transcriptHash: transcript,
      rootKey: deriveRootKey(crypto, dh, kemSecret, transcript),
      myCode: codes.responder,
      peerCode: codes.initiator,
      sessionNonce: initiator.sessionNonce,
      initiatorFileHash: ownInitiatorHash,
      params: initiator.params,
      createdAt: initiator.createdAt,
      answeredAt: now,
      expiresAt: sessionExpiry(now, initiator.params),
      ownIdentityPublic: identityPublic,
      peerIdentityPublic: initiator.identityPublic,
      ownRatchet: { publicKey: body.ephemeralPublic, secretKey: ephemeralSecret },
      peerRatchetPublic: initiator.ephemeralPublic,
      ownKem,
      peerKemPublic: initiator.kemPublic,
    };
    return { file, result };
  } catch (e) {
    wipe(ephemeralSecret, ownKem?.secretKey);
    throw e;
  } finally {
    wipe(dh, kemSecret, encapsRandomness, kemSeed);
  }
}
