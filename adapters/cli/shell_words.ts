/**
 * Splits a `plico shell` line into words the way a POSIX shell does for plain words: blanks
 * separate, '…' keeps everything literal, "…" keeps blanks (with \" and \\ escapes), and a
 * backslash escapes the next character. No variables, globs or substitutions: nothing runs.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";

/** The words of `line`; throws `usage` on an unclosed quote. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  const chars = [...line];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && (chars[i + 1] === '"' || chars[i + 1] === "\\")) word += chars[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < chars.length) {
      word += chars[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== null) throw new PlicoError("usage", `unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}
