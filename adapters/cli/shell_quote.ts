/**
 * Quoting for the command lines Plico prints as hints, so a person can paste them as they are
 * (labels and directories may hold spaces or quotes).
 *
 * @module
 */

/** `word` as one POSIX shell word. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
