/**
 * A `ClockPort` that only moves when a test moves it.
 *
 * @module
 */

import type { ClockPort } from "../../domain/ports.ts";

/** A settable clock starting at `ms` (milliseconds since the Unix epoch). */
export function fixedClock(
  ms: number,
): ClockPort & { advance(ms: number): void; set(ms: number): void } {
  let current = checked(ms);
  return {
    now: () => current,
    advance(delta: number): void {
      current = checked(current + checked(delta));
    },
    set(value: number): void {
      current = checked(value);
    },
  };
}

function checked(ms: number): number {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`fixedClock: not an integer time ${ms}`);
  return ms;
}
