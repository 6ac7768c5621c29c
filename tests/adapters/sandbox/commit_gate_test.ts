import assert from "node:assert/strict";
import { runSandboxed } from "../../../adapters/sandbox/run_sandboxed.ts";
import {
  GATE_CANCELLED,
  GATE_COMMITTING,
  newGate,
} from "../../../adapters/sandbox/sandbox_protocol.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import type { GateRequest } from "./gate_worker.ts";
import { requireWorkerOptions } from "./worker_options.ts";

const GATE_WORKER = new URL("./gate_worker.ts", import.meta.url);

function releaseCell(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

function release(cell: Int32Array): void {
  Atomics.store(cell, 0, 1);
  Atomics.notify(cell, 0);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

Deno.test("once the worker entered its commit, the time limit no longer stops it (Ctrl-Z past the timer)", async () => {
  requireWorkerOptions();
  // The worker must enter its gate before the limit; a slow start on a busy machine only means
  // a longer limit next time (bounded), never a failure.
  for (let timeoutMs = 2000; timeoutMs <= 32_000; timeoutMs *= 2) {
    const gate = newGate();
    const cell = releaseCell();
    const started = performance.now();
    const answer = runSandboxed<GateRequest, { entered: boolean }>(
      GATE_WORKER,
      { enterFirst: true, release: cell },
      {},
      { timeoutMs, gate },
    );
    let settled = false;
    answer.then(() => (settled = true), () => (settled = true));
    await until(() => Atomics.load(gate, 0) !== 0 || settled, "the worker to start");
    if (Atomics.load(gate, 0) === GATE_CANCELLED) {
      release(cell);
      await answer.catch(() => {});
      continue;
    }
    assert.equal(Atomics.load(gate, 0), GATE_COMMITTING);
    // The worker is held (as a stopped process would be) past its time limit: the limit's
    // timer, due before this poll's, has run by then.
    await until(() => performance.now() - started > timeoutMs + 500, "the time limit to pass");
    assert.equal(settled, false);
    release(cell);
    assert.deepEqual(await answer, { entered: true });
    assert.equal(Atomics.load(gate, 0), GATE_COMMITTING);
    return;
  }
  throw new Error("the worker never started within 32 s");
});

Deno.test("before the commit, the time limit cancels: the gate is closed and the worker stopped", async () => {
  requireWorkerOptions();
  const gate = newGate();
  const cell = releaseCell();
  try {
    await assert.rejects(
      runSandboxed(GATE_WORKER, { enterFirst: false, release: cell }, {}, {
        timeoutMs: 100,
        gate,
      }),
      (e) => isPlicoError(e, "interrupted") && /nothing changed/.test(e.message),
    );
    assert.equal(Atomics.load(gate, 0), GATE_CANCELLED);
  } finally {
    release(cell);
  }
});

Deno.test("an interruption (abort signal) before the commit ends the work with 'interrupted'", async () => {
  requireWorkerOptions();
  const gate = newGate();
  const cell = releaseCell();
  const controller = new AbortController();
  try {
    const answer = runSandboxed(GATE_WORKER, { enterFirst: false, release: cell }, {}, {
      timeoutMs: 600_000,
      gate,
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(answer, (e) => isPlicoError(e, "interrupted"));
    assert.equal(Atomics.load(gate, 0), GATE_CANCELLED);
  } finally {
    release(cell);
  }
});
