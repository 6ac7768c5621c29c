/**
 * Test-only sandbox worker for the commit gate: it waits until the test releases it (a shared
 * cell), optionally after entering the gate first, and answers whether it entered.
 *
 * @module
 */

import { serveSandboxed } from "../../../adapters/sandbox/serve_sandboxed.ts";

/** What the test asks for. */
export interface GateRequest {
  /** Enter the gate before waiting for the release (else after). */
  readonly enterFirst: boolean;
  /** One Int32 cell over a SharedArrayBuffer: the test stores 1 to release the worker. */
  readonly release: Int32Array;
}

serveSandboxed<GateRequest, { entered: boolean }>((request, _progress, gate) => {
  if (!gate) throw new Error("no gate was handed over");
  const entered = request.enterFirst ? gate.enter() : false;
  // Blocks this worker thread only; the parent's event loop and timers keep running.
  while (Atomics.load(request.release, 0) === 0) Atomics.wait(request.release, 0, 0, 1000);
  return { value: { entered: request.enterFirst ? entered : gate.enter() } };
});
