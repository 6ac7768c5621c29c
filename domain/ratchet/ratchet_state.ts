/**
 * The state of the hybrid double ratchet (PROTOCOL-envelope §2.1) and the rules of §2.3 that
 * say which fields exist at which point. Transitions never change a state they are given: they
 * work on a deep copy (`cloneRatchetState`), so the caller commits the new state only after the
 * whole envelope authenticated, and can wipe the old one without touching the new.
 *
 * @module
 */

import { wipe } from "../bytes.ts";

/** Which side of the session setup this party played. */
export type RatchetRole = "initiator" | "responder";

/** A stored skipped message key (PROTOCOL-envelope §6.5). */
export interface SkippedKey {
  /** Header key of the chain the key belongs to (32). */
  readonly headerKey: Uint8Array;
  /** Index of the message in that chain. */
  readonly n: number;
  /** The message key (32). */
  readonly messageKey: Uint8Array;
  /** First instant (ms since the epoch) at which the key is no longer usable. */
  readonly expiresAt: number;
}

/** KEM data of a stepped sending chain, repeated in each of its headers (§4). */
export interface SendKem {
  /** ML-KEM-768 ciphertext to the peer's previous ek (1088). */
  readonly ciphertext: Uint8Array;
  /** Our new ML-KEM-768 encapsulation key (1184). */
  readonly publicKey: Uint8Array;
}

/** The ratchet state of one session. Treat as immutable; encode with `encodeRatchetState`. */
export interface RatchetState {
  readonly role: RatchetRole;
  /** Skipped-key window W: at most W skipped keys are kept; 0 = strict order. */
  readonly window: number;
  /** Root steps performed in this session (both sides agree on it). */
  readonly steps: number;
  /** The next encryption starts a new sending chain (a DH+KEM step). */
  readonly pending: boolean;
  readonly ns: number;
  readonly nr: number;
  readonly pn: number;
  readonly rootKey: Uint8Array;
  readonly sendChainKey: Uint8Array;
  readonly recvChainKey: Uint8Array;
  readonly sendHeaderKey: Uint8Array;
  readonly recvHeaderKey: Uint8Array;
  readonly nextSendHeaderKey: Uint8Array;
  readonly nextRecvHeaderKey: Uint8Array;
  readonly ownRatchetPublic: Uint8Array;
  /** Present iff `ownsLastStep` (§2.3). */
  readonly ownRatchetSecret: Uint8Array | null;
  /** Present iff `ownsLastStep` (§2.3). */
  readonly ownKemSecret: Uint8Array | null;
  readonly peerRatchetPublic: Uint8Array;
  readonly peerKemPublic: Uint8Array;
  /** Present iff the sending chain is stepped (§2.3). */
  readonly sendKem: SendKem | null;
  /** Oldest first; at most `window` entries. */
  readonly skipped: readonly SkippedKey[];
}

/** A state under construction inside a transition (never handed out while mutable). */
export type DraftState = { -readonly [K in keyof RatchetState]: RatchetState[K] } & {
  skipped: SkippedKey[];
};

/**
 * §2.3: true when the latest root step was ours (the responder's initial chain counts as its
 * step 0). Only then may the peer's next step target our secrets.
 */
export function ownsLastStep(role: RatchetRole, steps: number): boolean {
  if (steps === 0) return role === "responder";
  return (steps % 2 === 1) === (role === "initiator");
}

/** §2.3: the current sending chain came from a DH+KEM step (its headers carry KEM data). */
export function sendChainStepped(role: RatchetRole, steps: number): boolean {
  return role === "initiator" ? steps >= 1 : steps >= 2;
}

/** §2.3: the current receiving chain came from a DH+KEM step of the peer. */
export function recvChainStepped(role: RatchetRole, steps: number): boolean {
  return role === "responder" ? steps >= 1 : steps >= 2;
}

/** A deep copy: no buffer is shared with the input. */
export function cloneRatchetState(state: RatchetState): DraftState {
  const copy = (b: Uint8Array) => b.slice();
  return {
    ...state,
    rootKey: copy(state.rootKey),
    sendChainKey: copy(state.sendChainKey),
    recvChainKey: copy(state.recvChainKey),
    sendHeaderKey: copy(state.sendHeaderKey),
    recvHeaderKey: copy(state.recvHeaderKey),
    nextSendHeaderKey: copy(state.nextSendHeaderKey),
    nextRecvHeaderKey: copy(state.nextRecvHeaderKey),
    ownRatchetPublic: copy(state.ownRatchetPublic),
    ownRatchetSecret: state.ownRatchetSecret ? copy(state.ownRatchetSecret) : null,
    ownKemSecret: state.ownKemSecret ? copy(state.ownKemSecret) : null,
    peerRatchetPublic: copy(state.peerRatchetPublic),
    peerKemPublic: copy(state.peerKemPublic),
    sendKem: state.sendKem
      ? { ciphertext: copy(state.sendKem.ciphertext), publicKey: copy(state.sendKem.publicKey) }
      : null,
    skipped: state.skipped.map((k) => ({
      headerKey: copy(k.headerKey),
      n: k.n,
      messageKey: copy(k.messageKey),
      expiresAt: k.expiresAt,
    })),
  };
}

/**
 * Overwrites every secret buffer of `state`. Safe to call on an old state once its successor is
 * committed: transitions never share buffers between the two.
 */
export function wipeRatchetState(state: RatchetState): void {
  wipe(
    state.rootKey,
    state.sendChainKey,
    state.recvChainKey,
    state.sendHeaderKey,
    state.recvHeaderKey,
    state.nextSendHeaderKey,
    state.nextRecvHeaderKey,
    state.ownRatchetSecret ?? undefined,
    state.ownKemSecret ?? undefined,
  );
  for (const k of state.skipped) wipe(k.headerKey, k.messageKey);
}
