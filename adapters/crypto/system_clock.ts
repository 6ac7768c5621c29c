/**
 * The wall clock.
 *
 * @module
 */

import type { ClockPort } from "../../domain/ports.ts";

/** Milliseconds since the Unix epoch from `Date.now()`. */
export const systemClock: ClockPort = {
  now: () => Date.now(),
};
