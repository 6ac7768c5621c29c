/**
 * Step 1 of the session setup: the initiator writes its file (PROTOCOL-handshake §3, §13).
 *
 * @module
 */

import { wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { ClockPort, CryptoPort, RandomPort } from "../ports.ts";
import { SIZES } from "./format.ts";
import { decodeInitiatorFile, encodeInitiatorBody, encodeInitiatorFile } from "./initiator_file.ts";
import { checkSessionParams, DEFAULT_SESSION_PARAMS, type SessionParams } from "./params.ts";
import type { PendingInitiator } from "./pending.ts";
import { readNow } from "./setup_time.ts";
import { signSetup } from "./signature.ts";

/** What `createInitiatorFile` returns: the file to send and the secrets to keep. */
export interface InitiatorStart {
  /** The 1368-byte initiator file (public; binary or armored). */
  readonly file: Uint8Array;
  /** The secrets to store encrypted until the answer arrives (`encodePending`). */
  readonly pending: PendingInitiator;
}

/** `length` fresh bytes; a port that returns another length is a broken invariant. */
export function drawRandom(random: RandomPort, length: number): Uint8Array {
  const bytes = random.randomBytes(length);
  if (bytes.length !== length) {
    throw new PlicoError("internal", "the random source returned the wrong number of bytes");
  }
  return bytes;
}

/**
 * Create an initiator file signed by `identitySecret` (a 32-byte Ed25519 seed) with the given
 * session parameters. Randomness is drawn in the order of §13: nonce, ephemeral secret, ML-KEM
 * seed. Throws `input.malformed` for parameters out of range (§5).
 */
export function createInitiatorFile(
  crypto: CryptoPort,
  random: RandomPort,
  clock: ClockPort,
  identitySecret: Uint8Array,
  params: SessionParams = DEFAULT_SESSION_PARAMS,
): InitiatorStart {
  checkSessionParams(params);
  if (identitySecret.length !== SIZES.ed25519Secret) {
    throw new PlicoError("crypto.bad_length", "identity secret must be 32 bytes");
  }
  const createdAt = readNow(clock);
  const sessionNonce = drawRandom(random, SIZES.nonce);
  const ephemeralSecret = drawRandom(random, SIZES.x25519);
  const kemSeed = drawRandom(random, SIZES.mlkemSeed);
  try {
    const kem = crypto.mlkem768KeyPair(kemSeed);
    wipe(kem.secretKey); // re-derived from the seed when finishing (§9)
    const body = {
      sessionNonce,
      identityPublic: crypto.ed25519PublicKey(identitySecret),
      ephemeralPublic: crypto.x25519PublicKey(ephemeralSecret),
      kemPublic: kem.publicKey,
      params: {
        lifetimeSeconds: params.lifetimeSeconds,
        skippedKeyWindow: params.skippedKeyWindow,
      },
      createdAt,
    };
    const signature = signSetup(
      crypto,
      identitySecret,
      LABELS.sigInitiator,
      encodeInitiatorBody(body),
    );
    const file = encodeInitiatorFile({ ...body, signature });
    // Never send what a peer must refuse: the file passes our own structural checks (§6).
    decodeInitiatorFile(file);
    return { file, pending: { ephemeralSecret, kemSeed, file } };
  } catch (e) {
    wipe(ephemeralSecret, kemSeed);
    throw e;
  }
}
