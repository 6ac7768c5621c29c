/**
 * Applying one mutant to a file's text, pure: the outcome says when the mutant no longer fits
 * the code (its search text is gone or occurs more than once), so the runner can report it as
 * stale instead of mutating the wrong place.
 *
 * @module
 */

import type { Mutant } from "./mutant_list.ts";

/** The mutated text, or why the mutant does not apply. */
export type Applied =
  | { readonly kind: "applied"; readonly text: string }
  | { readonly kind: "stale"; readonly reason: string };

function occurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + search.length)) {
    count++;
  }
  return count;
}

/** Replaces the mutant's search text in `text`, which must hold it exactly once. */
export function applyMutant(text: string, mutant: Pick<Mutant, "search" | "replace">): Applied {
  if (mutant.search.length === 0) return { kind: "stale", reason: "empty search text" };
  const n = occurrences(text, mutant.search);
  if (n === 0) return { kind: "stale", reason: "search text not found" };
  if (n > 1) return { kind: "stale", reason: `search text found ${n} times` };
  const at = text.indexOf(mutant.search);
  const mutated = text.slice(0, at) + mutant.replace + text.slice(at + mutant.search.length);
  if (mutated === text) return { kind: "stale", reason: "replacement changes nothing" };
  return { kind: "applied", text: mutated };
}
