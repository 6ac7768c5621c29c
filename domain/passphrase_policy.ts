/**
 * Passphrase policy for new profiles and passphrase changes. It refuses what an attacker with
 * a stolen profile would try first, and explains each refusal so the user can choose better.
 * It is deliberately simple: length carries most of the strength; the other rules only catch
 * the trivially guessable.
 *
 * @module
 */

import { PASSPHRASE_MAX_BYTES, PASSPHRASE_MIN_CHARS } from "./limits.ts";
import { utf8 } from "./bytes.ts";
import { PlicoError } from "./errors.ts";

/** Phrases (lower-cased, separators removed) that are refused whatever their length. */
const COMMON = new Set([
  "passwordpassword",
  "password1234",
  "passphrase123",
  "123456789012",
  "qwertyuiopasdf",
  "correcthorsebatterystaple",
  "iloveyouiloveyou",
  "letmeinletmein",
  "administrator",
  "plicoplicoplico",
  "changemechangeme",
  "trustno1trustno1",
]);

/** Outcome of a policy check: either acceptable, or the reasons it is not. */
export type PolicyResult = { ok: true } | { ok: false; reasons: string[] };

function isSequence(codes: number[]): boolean {
  if (codes.length < 3) return false;
  const step = codes[1]! - codes[0]!;
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < codes.length; i++) if (codes[i]! - codes[i - 1]! !== step) return false;
  return true;
}

function isRepetition(chars: string[]): boolean {
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.length % period !== 0) continue;
    let same = true;
    for (let i = period; i < chars.length && same; i++) same = chars[i] === chars[i - period];
    if (same) return true;
  }
  return false;
}

/** Checks a candidate passphrase and lists every reason it is refused. */
export function checkPassphrasePolicy(passphrase: string): PolicyResult {
  const reasons: string[] = [];
  const chars = [...passphrase];
  if (chars.length < PASSPHRASE_MIN_CHARS) {
    reasons.push(
      `it has ${chars.length} characters; at least ${PASSPHRASE_MIN_CHARS} are required ` +
        `(a few unrelated words are easy to remember and much harder to guess)`,
    );
  }
  if (utf8(passphrase).length > PASSPHRASE_MAX_BYTES) {
    reasons.push(`it is longer than ${PASSPHRASE_MAX_BYTES} bytes`);
  }
  if (passphrase.trim() !== passphrase) {
    reasons.push("it starts or ends with white space, which is easy to lose when typing");
  }
  const folded = passphrase.toLowerCase().replace(/[\s\-_.]/g, "");
  const distinct = new Set(chars).size;
  if (chars.length >= PASSPHRASE_MIN_CHARS && distinct < 5) {
    reasons.push(`it uses only ${distinct} different characters`);
  } else if (chars.length >= 2 && isRepetition(chars)) {
    reasons.push("it is one short piece repeated");
  }
  if (isSequence(chars.map((c) => c.codePointAt(0)!))) {
    reasons.push("it is a simple run of consecutive characters (like abcdef or 123456)");
  }
  if (COMMON.has(folded)) {
    reasons.push("it is one of the most commonly used passphrases");
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

/** Checks the passphrase against the policy; throws `passphrase.weak` with every reason. */
export function enforcePassphrasePolicy(passphrase: string): void {
  const policy = checkPassphrasePolicy(passphrase);
  if (!policy.ok) {
    throw new PlicoError("passphrase.weak", `passphrase refused: ${policy.reasons.join("; ")}`);
  }
}
