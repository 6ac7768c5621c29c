/**
 * Test-only sandbox worker that is slow to start, as every worker is on an overloaded machine:
 * its module finishes loading only after a while. Then it answers at once, or never (`hang`).
 *
 * @module
 */

import { serveSandboxed } from "../../../adapters/sandbox/serve_sandboxed.ts";

/** What the test asks for. */
export interface SlowStartRequest {
  /** Never answer once started: the time limit must stop it. */
  readonly hang: boolean;
}

/** How long loading takes, in milliseconds (well past the limits the test sets). */
export const LOADING_MS = 1500;

// Busy, as module loading is (a timer here would not stand for it: a request that arrives
// while a module still awaits at its top level is not delivered).
const loadedAt = Date.now() + LOADING_MS;
while (Date.now() < loadedAt) { /* loading */ }

serveSandboxed<SlowStartRequest, string>(async (request) => {
  if (request.hang) await new Promise(() => {});
  return { value: "answered" };
});
