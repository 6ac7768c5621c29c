/**
 * Whole envelopes in memory (PROTOCOL-envelope §9): for small envelopes, tests and vectors.
 * Large envelopes go through `sealEnvelopeHeader` / `openEnvelopeHeader` and the streaming body
 * APIs instead, which this module only strings together.
 *
 * @module
 */

import { concat, wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import type { CryptoPort, RandomPort } from "../ports.ts";
import { PACKAGE_MAX_BYTES } from "../package/mod.ts";
import { HEADER_BYTES, type RatchetState, wipeRatchetState } from "../ratchet/mod.ts";
import { BODY_TAG_BYTES, sealedBodyLength } from "./body_format.ts";
import { createBodyReader, createBodyWriter } from "./body_stream.ts";
import {
  type HeaderExpired,
  type HeaderKeyUnavailable,
  openEnvelopeHeader,
  sealEnvelopeHeader,
  type SealOptions,
} from "./envelope_header.ts";
import type { EnvelopeInfo } from "./envelope_info.ts";

/** No header key of the session opens the header (PROTOCOL §5: cannot say why). */
const UNKNOWN_MESSAGE =
  "this envelope is not for this session, or it is damaged, or its keys are gone";

/** Smallest envelope: a header and one empty chunk. */
export const ENVELOPE_MIN_BYTES = HEADER_BYTES + BODY_TAG_BYTES;
/** Largest envelope: a header and the body of the largest package (§13). */
export const ENVELOPE_MAX_BYTES = HEADER_BYTES + sealedBodyLength(PACKAGE_MAX_BYTES);

/**
 * §9 opening step 1: refuses a length no envelope can have, before any key is tried.
 * `input.malformed` when too short, `envelope.limit` when too long.
 */
export function checkEnvelopeLength(length: number): void {
  if (length < ENVELOPE_MIN_BYTES) {
    throw new PlicoError(
      "input.malformed",
      `an envelope is at least ${ENVELOPE_MIN_BYTES} bytes, got ${length}`,
    );
  }
  if (length > ENVELOPE_MAX_BYTES) {
    throw new PlicoError("envelope.limit", "the file is larger than any envelope can be");
  }
}

/** A sealed envelope and the state to commit before releasing it. */
export interface SealedEnvelope {
  readonly state: RatchetState;
  readonly envelope: Uint8Array;
  readonly info: EnvelopeInfo;
  readonly kemStep: boolean;
}

/** Seals `body` (the padded package) into one envelope. */
export function sealEnvelope(
  crypto: CryptoPort,
  random: RandomPort,
  state: RatchetState,
  options: SealOptions,
  body: Uint8Array,
): SealedEnvelope {
  const sealed = sealEnvelopeHeader(crypto, random, state, options);
  try {
    const writer = createBodyWriter(crypto, sealed.messageKey, sealed.header);
    const chunks = [...writer.push(body), ...writer.finish()];
    return {
      state: sealed.state,
      envelope: concat(sealed.header, ...chunks),
      info: sealed.info,
      kemStep: sealed.kemStep,
    };
  } finally {
    wipe(sealed.messageKey);
  }
}

/** An envelope that opened: its body and the state to commit. */
export interface OpenedEnvelope {
  readonly kind: "ok";
  readonly state: RatchetState;
  readonly info: EnvelopeInfo;
  /** The decrypted body (the padded package). */
  readonly body: Uint8Array;
  readonly kemStep: boolean;
  /** The message's secret position in its session (PROTOCOL §5), for the burn tag. */
  readonly position: Uint8Array;
}

/**
 * Opens an envelope known to belong to `state`'s session. The whole body is authenticated
 * before anything is returned. Throws `envelope.unknown` when no header key fits (not for this
 * session, damaged, or an old envelope whose chain keys are gone: these cannot be told apart,
 * PROTOCOL §5) and `crypto.auth_failed` (one message) when any body chunk fails.
 */
export function openEnvelope(
  crypto: CryptoPort,
  state: RatchetState,
  envelope: Uint8Array,
  now: number,
): OpenedEnvelope | HeaderKeyUnavailable | HeaderExpired {
  checkEnvelopeLength(envelope.length);
  const header = envelope.subarray(0, HEADER_BYTES);
  const outcome = openEnvelopeHeader(crypto, state, header, now);
  if (!outcome) throw new PlicoError("envelope.unknown", UNKNOWN_MESSAGE);
  if (outcome.kind !== "ok") return outcome;
  try {
    const reader = createBodyReader(crypto, outcome.messageKey, header);
    const plain = [...reader.push(envelope.subarray(HEADER_BYTES)), ...reader.finish()];
    return {
      kind: "ok",
      state: outcome.state,
      info: outcome.info,
      body: concat(...plain),
      kemStep: outcome.kemStep,
      position: outcome.position,
    };
  } catch (e) {
    wipeRatchetState(outcome.state); // the body failed: this state is never to be committed
    wipe(outcome.position);
    throw e;
  } finally {
    wipe(outcome.messageKey);
  }
}
