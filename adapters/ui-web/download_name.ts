/**
 * File names the UI suggests for what it writes for the channel: envelopes, setup files and
 * carrier images. They travel over untrusted channels and sit in download folders and on USB
 * sticks, so a name must tell an onlooker nothing: not the tool (`plico`), not the peer's
 * label, not a date or time. Each name is 10 random characters from a lower-case alphabet
 * without look-alikes, and an extension that says only what the bytes are: `.bin` (binary),
 * `.txt` (armored text) or `.png` (carrier image). The user can rename the file when saving.
 * (docs/UI.md "Download names"; DESIGN item 8.)
 *
 * Attachments keep the name their sender gave them: that is the user's choice, not Plico's.
 *
 * @module
 */

import type { RandomPort } from "../../domain/ports.ts";

/**
 * Letters and digits without the look-alikes 0/o and 1/l/i (31 symbols). Without l, i and o no
 * name can spell "plico", and without 0 and 1 hardly a date.
 */
const NAME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
/** Characters of the random part (about 49 bits: one user's names do not collide). */
export const NEUTRAL_NAME_CHARS = 10;

/** What a written file holds, which is all its extension says. */
export type NeutralKind = "binary" | "text" | "png";

const EXTENSION: Readonly<Record<NeutralKind, string>> = {
  binary: "bin",
  text: "txt",
  png: "png",
};

/** A fresh neutral name such as `k7qm3xw9tr.bin`. */
export function neutralName(random: RandomPort, kind: NeutralKind): string {
  const bytes = random.randomBytes(NEUTRAL_NAME_CHARS);
  let name = "";
  // 256 is not a multiple of 31: the tiny bias does not matter for a file name.
  for (const b of bytes) name += NAME_ALPHABET[b % NAME_ALPHABET.length];
  return `${name}.${EXTENSION[kind]}`;
}

/** The pattern every neutral name matches (for tests and docs). */
export const NEUTRAL_NAME_PATTERN = new RegExp(
  `^[${NAME_ALPHABET}]{${NEUTRAL_NAME_CHARS}}\\.(bin|txt|png)$`,
);
