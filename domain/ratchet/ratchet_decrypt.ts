/**
 * Receiving (PROTOCOL-envelope §6): trial of the header keys, message-key lookup in the order of
 * §6.3, and the receive step of §6.4. Pure: the input state is never changed, so the caller
 * commits the returned state only after the whole envelope authenticated.
 *
 * @module
 */

import { timingSafeEqual, wipe } from "../bytes.ts";
import { malformed, PlicoError } from "../errors.ts";
import { RATCHET_MAX_JUMP } from "../limits.ts";
import type { CryptoPort } from "../ports.ts";
import { type HeaderSlot, tryDecryptHeader } from "./header_cipher.ts";
import { isCanonicalX25519, isValidMlKemPublicKey } from "./public_key_checks.ts";
import { decodeRatchetHeader, type RatchetHeader } from "./ratchet_header.ts";
import { messageKeyOf, messagePosition, nextChainKey, rootStep } from "./ratchet_kdf.ts";
import {
  cloneRatchetState,
  type DraftState,
  ownsLastStep,
  type RatchetState,
  recvChainStepped,
  wipeRatchetState,
} from "./ratchet_state.ts";
import { dropExpired, findSkipped, skipTo, takeSkipped } from "./skipped_keys.ts";

/** The header opened and its message key is available. */
export interface RatchetDecryptOk {
  readonly kind: "ok";
  /** The state to commit once the whole envelope authenticated and validated. */
  readonly state: RatchetState;
  /** This message's key (32): use it for this body only, then wipe it. */
  readonly messageKey: Uint8Array;
  readonly header: RatchetHeader;
  /** Which key opened the header (§6.1). */
  readonly slot: HeaderSlot;
  /** True when this message started a new receiving chain (a receive step, §6.4). */
  readonly kemStep: boolean;
  /** The message's secret position (`messagePosition`), for the burn registry; wipe after use. */
  readonly position: Uint8Array;
}

/**
 * The header is authentic but its key is gone: already used (a replay), dropped from the
 * window, or expired (§6.5). The header (with the envelope's message id in `extra`) lets the
 * caller consult the burn registry. Nothing is to be committed.
 */
export interface RatchetDecryptKeyUnavailable {
  readonly kind: "key_unavailable";
  readonly header: RatchetHeader;
  /** As in `RatchetDecryptOk`: lets the caller find this envelope's burn tag. */
  readonly position: Uint8Array;
}

/** Outcome of `ratchetDecrypt` when the header belongs to this session. */
export type RatchetDecryptResult = RatchetDecryptOk | RatchetDecryptKeyUnavailable;

function tooFar(count: number): PlicoError {
  return new PlicoError(
    "envelope.limit",
    `this envelope comes after ${count} envelopes of this session that were never opened ` +
      `here; at most ${RATCHET_MAX_JUMP} may be missing`,
  );
}

/** One symmetric step on the draft's receiving chain; returns the message key. */
function takeReceiveKey(crypto: CryptoPort, draft: DraftState): Uint8Array {
  const messageKey = messageKeyOf(crypto, draft.recvChainKey);
  const chainKey = nextChainKey(crypto, draft.recvChainKey);
  wipe(draft.recvChainKey);
  draft.recvChainKey = chainKey;
  draft.nr += 1;
  return messageKey;
}

/** §6.4 checks, in order, before any secret is used. */
function checkReceiveStep(draft: DraftState, header: RatchetHeader): void {
  if (!ownsLastStep(draft.role, draft.steps) || !draft.ownRatchetSecret || !draft.ownKemSecret) {
    throw malformed("envelope header", "the peer started two chains in a row");
  }
  if (!header.kem) throw malformed("envelope header", "a new chain without KEM data");
  if (timingSafeEqual(header.dh, draft.peerRatchetPublic)) {
    throw malformed("envelope header", "a new chain must bring a new ratchet key");
  }
  if (!isCanonicalX25519(header.dh)) {
    throw malformed("envelope header", "non-canonical ratchet key");
  }
  if (!isValidMlKemPublicKey(header.kem.publicKey)) {
    throw malformed("envelope header", "invalid ML-KEM key");
  }
  if (header.pn < draft.nr) {
    throw malformed("envelope header", "previous chain length went backwards");
  }
  const jump = header.pn - draft.nr + header.n;
  if (jump > RATCHET_MAX_JUMP) throw tooFar(jump);
}

/** §6.4: the receive step proper, after `checkReceiveStep` and the skip to `pn`. */
function receiveStep(crypto: CryptoPort, draft: DraftState, header: RatchetHeader): void {
  const kem = header.kem!;
  const dh = crypto.x25519(draft.ownRatchetSecret!, header.dh);
  const ss = crypto.mlkem768Decapsulate(kem.ciphertext, draft.ownKemSecret!);
  const step = rootStep(crypto, draft.rootKey, dh, ss, {
    senderRatchetPublic: header.dh,
    receiverRatchetPublic: draft.ownRatchetPublic,
    kemCiphertext: kem.ciphertext,
    kemPublic: kem.publicKey,
  });
  wipe(dh, ss, draft.rootKey, draft.recvChainKey, draft.recvHeaderKey);
  wipe(draft.ownRatchetSecret!, draft.ownKemSecret!);
  draft.rootKey = step.rootKey;
  draft.recvChainKey = step.chainKey;
  draft.recvHeaderKey = draft.nextRecvHeaderKey;
  draft.nextRecvHeaderKey = step.nextHeaderKey;
  draft.peerRatchetPublic = header.dh.slice();
  draft.peerKemPublic = kem.publicKey.slice();
  draft.ownRatchetSecret = null;
  draft.ownKemSecret = null;
  draft.nr = 0;
  draft.steps += 1;
  draft.pending = true;
}

/**
 * Opens the header of an envelope with this session's keys and returns its message key
 * (§6). Null when no header key of this session fits: the envelope is for another session or
 * damaged. `now` (ms since the epoch) expires skipped keys and dates newly skipped ones.
 * Throws `input.malformed` for an authentic header that breaks the protocol and
 * `envelope.limit` when it would skip more than `RATCHET_MAX_JUMP` keys.
 */
export function ratchetDecrypt(
  crypto: CryptoPort,
  state: RatchetState,
  encHeader: Uint8Array,
  now: number,
): RatchetDecryptResult | null {
  if (!Number.isSafeInteger(now) || now < 0) throw new PlicoError("internal", "bad clock value");
  const opened = tryDecryptHeader(crypto, state, encHeader);
  if (!opened) return null;
  const header = decodeRatchetHeader(opened.plaintext);
  wipe(opened.plaintext);
  const position = messagePosition(crypto, opened.headerKey, header.n);

  const draft = cloneRatchetState(state);
  dropExpired(draft, now);
  // Whatever is refused below takes its copies with it: no key or position of a refused
  // header survives in memory.
  const decide = (): RatchetDecryptResult => {
    const ok = (messageKey: Uint8Array, kemStep = false): RatchetDecryptOk => ({
      kind: "ok",
      state: draft,
      messageKey,
      header,
      slot: opened.slot,
      kemStep,
      position,
    });

    // §6.3 step 1: a stored skipped key (of an older or the current chain).
    const index = findSkipped(draft, opened.headerKey, header.n);
    if (index >= 0) return ok(takeSkipped(draft, index));
    const unavailable = (): RatchetDecryptKeyUnavailable => {
      wipeRatchetState(draft); // nothing of this attempt is to be committed
      return { kind: "key_unavailable", header, position };
    };
    if (opened.slot === "skipped") return unavailable();

    if (opened.slot === "current") {
      // §6.3 step 3.
      if (!timingSafeEqual(header.dh, draft.peerRatchetPublic)) {
        throw malformed("envelope header", "ratchet key differs within a chain");
      }
      if ((header.kem !== null) !== recvChainStepped(draft.role, draft.steps)) {
        throw malformed("envelope header", "KEM flag does not match the chain");
      }
      if (header.n < draft.nr) return unavailable();
      if (header.n - draft.nr > RATCHET_MAX_JUMP) throw tooFar(header.n - draft.nr);
      skipTo(crypto, draft, header.n, now);
      const messageKey = takeReceiveKey(crypto, draft);
      // §2.3: the responder's initial chain is its step 0; the initiator answers it with step 1.
      if (draft.role === "initiator" && draft.steps === 0) draft.pending = true;
      return ok(messageKey);
    }

    // §6.3 step 4 / §6.4: the peer started a new chain.
    checkReceiveStep(draft, header);
    skipTo(crypto, draft, header.pn, now);
    receiveStep(crypto, draft, header);
    skipTo(crypto, draft, header.n, now);
    return ok(takeReceiveKey(crypto, draft), true);
  };
  try {
    return decide();
  } catch (e) {
    wipe(position);
    wipeRatchetState(draft);
    throw e;
  }
}
