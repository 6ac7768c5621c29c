/**
 * The envelope's view of the ratchet (PROTOCOL-envelope §9): sealing a header with a fresh
 * message id and times, and opening one into the outcomes the open use case needs. Both are
 * pure; the caller commits the returned ratchet state.
 *
 * @module
 */

import { wipe } from "../bytes.ts";
import type { CryptoPort, RandomPort } from "../ports.ts";
import {
  ratchetDecrypt,
  type RatchetDecryptOk,
  ratchetEncrypt,
  type RatchetState,
  wipeRatchetState,
} from "../ratchet/mod.ts";
import {
  decodeEnvelopeInfo,
  encodeEnvelopeInfo,
  type EnvelopeInfo,
  MESSAGE_ID_BYTES,
} from "./envelope_info.ts";

/** Times of a new envelope. */
export interface SealOptions {
  /** Now, ms since the Unix epoch. */
  readonly createdAt: number;
  /** Optional first instant (ms) at which the envelope is refused; must be after `createdAt`. */
  readonly expiresAt?: number | null;
}

/** A sealed header and what the body needs. */
export interface SealedHeader {
  /** Commit before releasing the envelope. */
  readonly state: RatchetState;
  /** Exactly `HEADER_BYTES` (2386) bytes: the start of the envelope. */
  readonly header: Uint8Array;
  /** For `createBodySealer`; wipe after the body is sealed. */
  readonly messageKey: Uint8Array;
  readonly info: EnvelopeInfo;
  /** True when this envelope starts a new sending chain (DH+KEM step). */
  readonly kemStep: boolean;
}

/**
 * §9 sealing: draws the message id (16 bytes, first in the order of §14), then lets the ratchet
 * encrypt the header. Refuses an expiry not after the creation time (`usage`).
 */
export function sealEnvelopeHeader(
  crypto: CryptoPort,
  random: RandomPort,
  state: RatchetState,
  options: SealOptions,
): SealedHeader {
  const info: EnvelopeInfo = {
    messageId: random.randomBytes(MESSAGE_ID_BYTES),
    createdAt: options.createdAt,
    expiresAt: options.expiresAt ?? null,
  };
  const extra = encodeEnvelopeInfo(info);
  const sent = ratchetEncrypt(crypto, random, state, extra);
  return { ...sent, info };
}

/** The header opened and the envelope may be opened: authenticate the body next. */
export interface HeaderOk {
  readonly kind: "ok";
  /** Commit only after the whole body authenticated and the package validated. */
  readonly state: RatchetState;
  /** For `createBodyOpener`; wipe when done. */
  readonly messageKey: Uint8Array;
  readonly info: EnvelopeInfo;
  readonly kemStep: boolean;
  /** The message's secret position in its session (PROTOCOL §5), for the burn tag; wipe after use. */
  readonly position: Uint8Array;
}

/** Authentic header, key gone: already opened here, or too late for the window (§6.5). */
export interface HeaderKeyUnavailable {
  readonly kind: "key_unavailable";
  readonly info: EnvelopeInfo;
  /** As in `HeaderOk`. */
  readonly position: Uint8Array;
}

/** Authentic header, but `now ≥ expiresAt`. Nothing to commit. */
export interface HeaderExpired {
  readonly kind: "expired";
  readonly info: EnvelopeInfo;
  /** As in `HeaderOk`. */
  readonly position: Uint8Array;
}

/** Wipes the key and the state of an opened header that will not be used. */
function discard(result: RatchetDecryptOk): void {
  wipe(result.messageKey);
  wipeRatchetState(result.state);
}

/** What `openEnvelopeHeader` found in a session. */
export type HeaderOutcome = HeaderOk | HeaderKeyUnavailable | HeaderExpired;

/**
 * §9 opening, steps 2–3, for one session: null when no header key of `state` opens `header`
 * (exactly `HEADER_BYTES`); otherwise the outcome. `key_unavailable` is reported before expiry
 * so that the burn registry can say "already opened". Throws for authentic but malformed
 * headers (`input.malformed`) and for too large a jump (`envelope.limit`).
 */
export function openEnvelopeHeader(
  crypto: CryptoPort,
  state: RatchetState,
  header: Uint8Array,
  now: number,
): HeaderOutcome | null {
  const result = ratchetDecrypt(crypto, state, header, now);
  if (!result) return null;
  let info: EnvelopeInfo;
  try {
    info = decodeEnvelopeInfo(result.header.extra);
  } catch (e) {
    if (result.kind === "ok") discard(result);
    wipe(result.position);
    throw e;
  }
  const { position } = result;
  if (result.kind === "key_unavailable") return { kind: "key_unavailable", info, position };
  if (info.expiresAt !== null && now >= info.expiresAt) {
    discard(result);
    return { kind: "expired", info, position };
  }
  return {
    kind: "ok",
    state: result.state,
    messageKey: result.messageKey,
    info,
    kemStep: result.kemStep,
    position,
  };
}
