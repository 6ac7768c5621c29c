/**
 * The safety codes two people compare out of band to authenticate a session
 * (PROTOCOL-handshake §10): one code per direction, each 30 decimal digits (≈ 99.7 bits) derived
 * from the transcript hash under its own label. Each side shows only the code it reads aloud and
 * types the code the peer reads, so nobody can confirm a session by copying their own screen.
 *
 * @module
 */

import { DIGEST_BYTES } from "./primitive_sizes.ts";
import { timingSafeEqual, utf8 } from "./bytes.ts";
import { PlicoError } from "./errors.ts";
import { LABELS } from "./labels.ts";
import { SAFETY_CODE_MAX_INPUT_CHARS } from "./limits.ts";
import type { CryptoPort } from "./ports.ts";

/** Which party reads a code aloud. */
export type SafetyCodeReader = "initiator" | "responder";

/** The two codes of a session: each party reads its own aloud and types the other. */
export interface SafetyCodes {
  /** Read aloud by the initiator, typed by the responder. */
  readonly initiator: string;
  /** Read aloud by the responder, typed by the initiator. */
  readonly responder: string;
}

/** Number of digit groups in a safety code. */
export const SAFETY_CODE_GROUPS = 6;
/** Digits per group. */
export const SAFETY_CODE_GROUP_DIGITS = 5;
/** Digits in a safety code (30: 6 × log2(10^5) ≈ 99.7 bits ≥ the 80 required). */
export const SAFETY_CODE_DIGITS = SAFETY_CODE_GROUPS * SAFETY_CODE_GROUP_DIGITS;

const TRANSCRIPT_HASH_BYTES = DIGEST_BYTES;
/** Bytes of hash per group: 40 bits reduced mod 10^5 leaves a bias below 2^-23. */
const BYTES_PER_GROUP = 5;
const DIGITS_ONLY = /^[0-9]{30}$/;
/** What people type between groups, or paste from formatted text: whitespace and dashes. */
const SEPARATORS = /[\s\-_./\u2010-\u2015\u2212]/gu;

/**
 * Both codes of a transcript hash (§10). Two labels, not two halves of one code: each
 * direction keeps the full ≈ 99.7 bits.
 */
export function deriveSafetyCodes(crypto: CryptoPort, transcriptHash: Uint8Array): SafetyCodes {
  return {
    initiator: deriveSafetyCode(crypto, transcriptHash, "initiator"),
    responder: deriveSafetyCode(crypto, transcriptHash, "responder"),
  };
}

/**
 * The 30-digit code `reader` reads aloud:
 * `d = SHA3-256(tagged("plico/v2/safety-code/<reader>", transcript))`,
 * group i = u40be(d[5i..5i+5]) mod 10^5.
 */
export function deriveSafetyCode(
  crypto: CryptoPort,
  transcriptHash: Uint8Array,
  reader: SafetyCodeReader,
): string {
  if (transcriptHash.length !== TRANSCRIPT_HASH_BYTES) {
    throw new PlicoError("crypto.bad_length", "transcript hash must be 32 bytes");
  }
  const label = utf8(
    reader === "initiator" ? LABELS.safetyCodeInitiator : LABELS.safetyCodeResponder,
  );
  const input = new Uint8Array(label.length + 1 + transcriptHash.length);
  input.set(label, 0);
  input.set(transcriptHash, label.length + 1); // the 0x00 separator of tagged() stays zero
  const d = crypto.sha3_256(input);
  let code = "";
  for (let g = 0; g < SAFETY_CODE_GROUPS; g++) {
    let n = 0;
    for (let i = 0; i < BYTES_PER_GROUP; i++) n = n * 256 + d[g * BYTES_PER_GROUP + i]!;
    code += String(n % 10 ** SAFETY_CODE_GROUP_DIGITS).padStart(SAFETY_CODE_GROUP_DIGITS, "0");
  }
  return code;
}

/** `"01234 56789 …"`: six groups of five digits separated by single spaces. */
export function formatSafetyCode(code: string): string {
  const digits = normaliseSafetyCode(code);
  if (digits === null) throw new PlicoError("input.malformed", "not a safety code");
  const groups: string[] = [];
  for (let i = 0; i < SAFETY_CODE_DIGITS; i += SAFETY_CODE_GROUP_DIGITS) {
    groups.push(digits.slice(i, i + SAFETY_CODE_GROUP_DIGITS));
  }
  return groups.join(" ");
}

/**
 * The 30 ASCII digits of what a person typed, or `null` when it is not a safety code. Applies
 * NFKC (full-width digits, no-break spaces), drops whitespace, dashes, `_`, `.` and `/`, and
 * folds case. Input longer than `SAFETY_CODE_MAX_INPUT_CHARS` is refused unread.
 */
export function normaliseSafetyCode(entered: string): string | null {
  if (entered.length > SAFETY_CODE_MAX_INPUT_CHARS) return null;
  const digits = entered.normalize("NFKC").replace(SEPARATORS, "").toLowerCase();
  return DIGITS_ONLY.test(digits) ? digits : null;
}

/**
 * True when `entered` (as typed by a person) is the same code as `expected`. The digits are
 * compared in constant time (best effort under a JIT, see `timingSafeEqual`); whether the input
 * has the shape of a code at all is not secret and is decided first.
 */
export function safetyCodeMatches(expected: string, entered: string): boolean {
  const want = normaliseSafetyCode(expected);
  if (want === null) throw new PlicoError("internal", "expected safety code is malformed");
  const got = normaliseSafetyCode(entered);
  if (got === null) return false;
  return timingSafeEqual(utf8(want), utf8(got));
}
