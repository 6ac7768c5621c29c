/**
 * Header encryption and the trial that finds which chain (and session) a header belongs to
 * (PROTOCOL-envelope §5.2, §6.1).
 *
 * @module
 */

import { concat, timingSafeEqual, utf8 } from "../bytes.ts";
import { isPlicoError, PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { CryptoPort, RandomPort } from "../ports.ts";
import { HEADER_BYTES, HEADER_NONCE_BYTES, HEADER_PLAINTEXT_BYTES } from "./ratchet_format.ts";
import type { RatchetState } from "./ratchet_state.ts";

const HEADER_AAD = utf8(LABELS.envelopeHeaderAad);

/** Where a header key comes from (§6.1). */
export type HeaderSlot = "current" | "next" | "skipped";

/** One key to try on a header. */
export interface TrialKey {
  readonly slot: HeaderSlot;
  readonly key: Uint8Array;
}

/** A header that opened under one of the session's keys. */
export interface OpenedHeader {
  readonly slot: HeaderSlot;
  readonly headerKey: Uint8Array;
  readonly plaintext: Uint8Array;
}

/** §5.2: `nonce(24) || XChaCha20-Poly1305(HK, nonce, plaintext, "plico/v2/envelope/header")`. */
export function sealHeader(
  crypto: CryptoPort,
  random: RandomPort,
  headerKey: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  if (plaintext.length !== HEADER_PLAINTEXT_BYTES) {
    throw new PlicoError("internal", "header plaintext has the wrong length");
  }
  const nonce = random.randomBytes(HEADER_NONCE_BYTES);
  return concat(nonce, crypto.xchachaSeal(headerKey, nonce, plaintext, HEADER_AAD));
}

/** Opens `encHeader` under `headerKey`; null when the tag does not match. */
export function openHeader(
  crypto: CryptoPort,
  headerKey: Uint8Array,
  encHeader: Uint8Array,
): Uint8Array | null {
  const nonce = encHeader.subarray(0, HEADER_NONCE_BYTES);
  try {
    return crypto.xchachaOpen(headerKey, nonce, encHeader.subarray(HEADER_NONCE_BYTES), HEADER_AAD);
  } catch (e) {
    if (isPlicoError(e, "crypto.auth_failed")) return null;
    throw e;
  }
}

/**
 * The keys to try on a header, in the order of §6.1: `HKr`, `NHKr`, then each distinct header
 * key of the skipped list, newest first. At most `window + 2` keys.
 */
export function headerKeysForTrial(state: RatchetState): TrialKey[] {
  const keys: TrialKey[] = [
    { slot: "current", key: state.recvHeaderKey },
    { slot: "next", key: state.nextRecvHeaderKey },
  ];
  // Header keys are secrets: deduplicated by constant-time comparison, never as text. The list
  // is short (at most window + 2 keys, and skipped keys come from few chains).
  for (let i = state.skipped.length - 1; i >= 0; i--) {
    const key = state.skipped[i]!.headerKey;
    if (keys.some((k) => timingSafeEqual(k.key, key))) continue;
    keys.push({ slot: "skipped", key });
  }
  return keys;
}

/**
 * §6.1: opens `encHeader` with the first of this session's header keys that fits, or returns
 * null when none does (the envelope belongs to another session, or is damaged). Never changes
 * the state. A header of the wrong length is refused (`input.malformed`).
 */
export function tryDecryptHeader(
  crypto: CryptoPort,
  state: RatchetState,
  encHeader: Uint8Array,
): OpenedHeader | null {
  if (encHeader.length !== HEADER_BYTES) {
    throw new PlicoError(
      "input.malformed",
      `an envelope header is exactly ${HEADER_BYTES} bytes, got ${encHeader.length}`,
    );
  }
  for (const { slot, key } of headerKeysForTrial(state)) {
    const plaintext = openHeader(crypto, key, encHeader);
    if (plaintext) return { slot, headerKey: key, plaintext };
  }
  return null;
}
