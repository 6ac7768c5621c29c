/**
 * The first ratchet state of a session, from what the setup produced (PROTOCOL-envelope §2.2).
 *
 * @module
 */

import { timingSafeEqual, wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { SKIPPED_KEY_WINDOW_MAX } from "../limits.ts";
import type { CryptoPort, KeyPair } from "../ports.ts";
import { deriveInitialKeys } from "./ratchet_kdf.ts";
import {
  KEY_BYTES,
  MLKEM_DK_BYTES,
  MLKEM_EK_BYTES,
  TRANSCRIPT_HASH_BYTES,
  X25519_BYTES,
} from "./ratchet_format.ts";
import type { RatchetRole, RatchetState } from "./ratchet_state.ts";

/**
 * What the ratchet needs from a completed setup. Every field maps one to one onto the
 * handshake result (`role`, `rootKey`, `transcriptHash`, `params.skippedKeyWindow`,
 * `ownRatchet`, `peerRatchetPublic`, `ownKem`, `peerKemPublic`).
 */
export interface RatchetInit {
  readonly role: RatchetRole;
  /** Setup root key (32, secret). */
  readonly rootKey: Uint8Array;
  /** Setup transcript hash (32): salts the initial keys. */
  readonly transcriptHash: Uint8Array;
  /** Skipped-key window, `0 ..= SKIPPED_KEY_WINDOW_MAX`; 0 = strict order. */
  readonly skippedKeyWindow: number;
  /** Own setup ephemeral X25519 pair. The responder's secret is kept; the initiator's is not. */
  readonly ownRatchet: KeyPair;
  readonly peerRatchetPublic: Uint8Array;
  /** Own ML-KEM-768 pair; required for the responder, unused (may be null) for the initiator. */
  readonly ownKem: KeyPair | null;
  /** The peer's latest ML-KEM-768 encapsulation key. */
  readonly peerKemPublic: Uint8Array;
}

function requireSize(what: string, value: Uint8Array, size: number): void {
  if (!(value instanceof Uint8Array) || value.length !== size) {
    throw new PlicoError("internal", `ratchet init: ${what} must be ${size} bytes`);
  }
}

/**
 * §2.2: the initial state. Both parties get a sending chain, so either may send first. Copies
 * every buffer it keeps; the caller still owns (and wipes) the `init` secrets.
 */
export function initRatchet(crypto: CryptoPort, init: RatchetInit): RatchetState {
  requireSize("root key", init.rootKey, KEY_BYTES);
  requireSize("transcript hash", init.transcriptHash, TRANSCRIPT_HASH_BYTES);
  requireSize("own ratchet public key", init.ownRatchet.publicKey, X25519_BYTES);
  requireSize("peer ratchet public key", init.peerRatchetPublic, X25519_BYTES);
  requireSize("peer KEM public key", init.peerKemPublic, MLKEM_EK_BYTES);
  if (
    !Number.isSafeInteger(init.skippedKeyWindow) || init.skippedKeyWindow < 0 ||
    init.skippedKeyWindow > SKIPPED_KEY_WINDOW_MAX
  ) {
    throw new PlicoError("internal", `ratchet init: window ${init.skippedKeyWindow} out of range`);
  }
  const responder = init.role === "responder";
  if (responder) {
    // The initiator's first step targets these two secrets (§2.2), so they must be right.
    requireSize("own ratchet secret key", init.ownRatchet.secretKey, X25519_BYTES);
    const derived = crypto.x25519PublicKey(init.ownRatchet.secretKey);
    const matches = timingSafeEqual(derived, init.ownRatchet.publicKey);
    wipe(derived);
    if (!matches) throw new PlicoError("internal", "ratchet init: ratchet key pair mismatch");
    if (!init.ownKem) {
      throw new PlicoError("internal", "ratchet init: responder needs its KEM pair");
    }
    requireSize("own KEM secret key", init.ownKem.secretKey, MLKEM_DK_BYTES);
  }

  const keys = deriveInitialKeys(crypto, init.rootKey, init.transcriptHash);
  const own = responder
    ? { ck: keys.responderChainKey, hk: keys.responderHeaderKey, nhk: keys.responderNextHeaderKey }
    : { ck: keys.initiatorChainKey, hk: keys.initiatorHeaderKey, nhk: keys.initiatorNextHeaderKey };
  const peer = responder
    ? { ck: keys.initiatorChainKey, hk: keys.initiatorHeaderKey, nhk: keys.initiatorNextHeaderKey }
    : { ck: keys.responderChainKey, hk: keys.responderHeaderKey, nhk: keys.responderNextHeaderKey };

  return {
    role: init.role,
    window: init.skippedKeyWindow,
    steps: 0,
    pending: false,
    ns: 0,
    nr: 0,
    pn: 0,
    rootKey: keys.rootKey,
    sendChainKey: own.ck,
    recvChainKey: peer.ck,
    sendHeaderKey: own.hk,
    recvHeaderKey: peer.hk,
    nextSendHeaderKey: own.nhk,
    nextRecvHeaderKey: peer.nhk,
    ownRatchetPublic: init.ownRatchet.publicKey.slice(),
    ownRatchetSecret: responder ? init.ownRatchet.secretKey.slice() : null,
    ownKemSecret: responder && init.ownKem ? init.ownKem.secretKey.slice() : null,
    peerRatchetPublic: init.peerRatchetPublic.slice(),
    peerKemPublic: init.peerKemPublic.slice(),
    sendKem: null,
    skipped: [],
  };
}
