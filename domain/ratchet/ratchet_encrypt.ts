/**
 * Sending (PROTOCOL-envelope §4): an optional DH+KEM step, then one symmetric step and an
 * encrypted header. Pure: the input state is never changed.
 *
 * @module
 */

import { wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import type { CryptoPort, RandomPort } from "../ports.ts";
import { sealHeader } from "./header_cipher.ts";
import { encodeRatchetHeader } from "./ratchet_header.ts";
import { messageKeyOf, nextChainKey, rootStep } from "./ratchet_kdf.ts";
import {
  FILLER_BYTES,
  HEADER_EXTRA_BYTES,
  MLKEM_RANDOMNESS_BYTES,
  MLKEM_SEED_BYTES,
  U32_MAX,
  X25519_BYTES,
} from "./ratchet_format.ts";
import {
  cloneRatchetState,
  type DraftState,
  type RatchetState,
  sendChainStepped,
} from "./ratchet_state.ts";

/** What `ratchetEncrypt` returns. */
export interface RatchetEncryptResult {
  /** The state to commit once the envelope is safely written. */
  readonly state: RatchetState;
  /** The encrypted header, exactly `HEADER_BYTES` (2386) bytes. */
  readonly header: Uint8Array;
  /** This message's key (32): use it for one body, then wipe it. */
  readonly messageKey: Uint8Array;
  /** True when this message started a new sending chain (a DH+KEM step). */
  readonly kemStep: boolean;
}

/**
 * §4 step 1: the DH+KEM step that starts a new sending chain. Draws, in this order (§14): the
 * new X25519 secret (32), the encapsulation randomness (32), the ML-KEM seed (64).
 */
function sendStep(crypto: CryptoPort, random: RandomPort, draft: DraftState): void {
  const dhSecret = random.randomBytes(X25519_BYTES);
  const m = random.randomBytes(MLKEM_RANDOMNESS_BYTES);
  const seed = random.randomBytes(MLKEM_SEED_BYTES);
  const encapsulation = crypto.mlkem768Encapsulate(draft.peerKemPublic, m);
  const kemPair = crypto.mlkem768KeyPair(seed);
  const dh = crypto.x25519(dhSecret, draft.peerRatchetPublic);
  const ownPublic = crypto.x25519PublicKey(dhSecret);
  const step = rootStep(crypto, draft.rootKey, dh, encapsulation.sharedSecret, {
    senderRatchetPublic: ownPublic,
    receiverRatchetPublic: draft.peerRatchetPublic,
    kemCiphertext: encapsulation.ciphertext,
    kemPublic: kemPair.publicKey,
  });
  wipe(m, seed, dh, encapsulation.sharedSecret, draft.rootKey, draft.sendChainKey);
  wipe(draft.sendHeaderKey, draft.ownRatchetSecret ?? undefined, draft.ownKemSecret ?? undefined);

  draft.pn = draft.ns;
  draft.ns = 0;
  draft.ownRatchetSecret = dhSecret;
  draft.ownRatchetPublic = ownPublic;
  draft.ownKemSecret = kemPair.secretKey;
  draft.sendKem = { ciphertext: encapsulation.ciphertext, publicKey: kemPair.publicKey };
  draft.rootKey = step.rootKey;
  draft.sendChainKey = step.chainKey;
  draft.sendHeaderKey = draft.nextSendHeaderKey;
  draft.nextSendHeaderKey = step.nextHeaderKey;
  draft.steps += 1;
  draft.pending = false;
}

/**
 * Encrypts the header of the next message and returns its message key (§4). `extra` is the
 * envelope's 33-byte part of the header (§5.1). Randomness is drawn in the order of §14.
 */
export function ratchetEncrypt(
  crypto: CryptoPort,
  random: RandomPort,
  state: RatchetState,
  extra: Uint8Array,
): RatchetEncryptResult {
  if (extra.length !== HEADER_EXTRA_BYTES) {
    throw new PlicoError("internal", `header extra must be ${HEADER_EXTRA_BYTES} bytes`);
  }
  const draft = cloneRatchetState(state);
  const kemStep = draft.pending;
  if (kemStep) sendStep(crypto, random, draft);
  if (draft.steps > U32_MAX) throw new PlicoError("envelope.limit", "too many ratchet steps");
  if (draft.ns >= U32_MAX) {
    throw new PlicoError("envelope.limit", "this sending chain is exhausted");
  }
  if (sendChainStepped(draft.role, draft.steps) !== (draft.sendKem !== null)) {
    throw new PlicoError("internal", "ratchet state: sending chain KEM data is inconsistent");
  }

  const messageKey = messageKeyOf(crypto, draft.sendChainKey);
  const chainKey = nextChainKey(crypto, draft.sendChainKey);
  wipe(draft.sendChainKey);
  draft.sendChainKey = chainKey;

  const filler = draft.sendKem ? null : random.randomBytes(FILLER_BYTES);
  const plaintext = encodeRatchetHeader(
    { dh: draft.ownRatchetPublic, pn: draft.pn, n: draft.ns, kem: draft.sendKem, extra },
    filler,
  );
  const header = sealHeader(crypto, random, draft.sendHeaderKey, plaintext);
  wipe(plaintext);
  draft.ns += 1;
  return { state: draft, header, messageKey, kemStep };
}
