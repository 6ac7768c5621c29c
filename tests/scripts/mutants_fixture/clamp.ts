/**
 * A tiny target for the mutants runner's own test (tests/scripts/mutants_test.ts): stable code
 * that no other work changes, with a test that guards one line and ignores another.
 *
 * @module
 */

/** `n` limited to [lo, hi]. */
export function clamp(n: number, lo: number, hi: number): number {
  if (n < lo) return lo;
  if (n > hi) return hi;
  return n;
}

/** A label for logs; its exact text is deliberately untested. */
export const CLAMP_LABEL = "clamp";
