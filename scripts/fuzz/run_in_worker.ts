/**
 * Runs the fuzz loop in a worker under a watchdog. A case that never returns (an endless loop in
 * synchronous code cannot be interrupted from inside) is caught here: when one case has run for
 * longer than `hangMs`, the worker is terminated and the case is reported as a hang.
 *
 * @module
 */

import { DEFAULT_BOUNDS, type FuzzBounds, type FuzzReport, type PlanEntry } from "./fuzz_run.ts";
import type { WorkerRequest } from "./fuzz_worker.ts";

/** Options of a watched run. */
export interface WatchedOptions {
  readonly seed: string;
  readonly plan: readonly PlanEntry[];
  readonly bounds?: FuzzBounds;
  /** A case running longer than this is a hang, in ms. */
  readonly hangMs: number;
  /** Module exporting `TARGETS` (default: `all_targets.ts`). */
  readonly targetsModule?: string;
  /** Called on every case start (progress display). */
  readonly onCase?: (target: string, index: number) => void;
}

/** A run's report, or the hang that stopped it. */
export type WatchedResult =
  | { readonly kind: "done"; readonly report: FuzzReport }
  | { readonly kind: "hang"; readonly target: string; readonly index: number; readonly ms: number }
  | { readonly kind: "error"; readonly message: string };

/** Runs the plan in a worker; resolves with its report, a hang, or a harness error. */
export function runFuzzInWorker(options: WatchedOptions): Promise<WatchedResult> {
  const worker = new Worker(new URL("./fuzz_worker.ts", import.meta.url).href, { type: "module" });
  return new Promise((resolve) => {
    let current = { target: "(setup)", index: -1, since: performance.now() };
    let settled = false;
    const finish = (result: WatchedResult) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      worker.terminate();
      resolve(result);
    };
    const timer = setInterval(() => {
      const ms = performance.now() - current.since;
      if (ms > options.hangMs) {
        finish({ kind: "hang", target: current.target, index: current.index, ms });
      }
    }, 100);
    worker.onmessage = (event) => {
      const data = event.data;
      if (data.type === "case") {
        current = { target: data.target, index: data.index, since: performance.now() };
        options.onCase?.(data.target, data.index);
      } else if (data.type === "done") finish({ kind: "done", report: data.report });
      else finish({ kind: "error", message: String(data.message) });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ kind: "error", message: event.message });
    };
    const request: WorkerRequest = {
      seed: options.seed,
      plan: options.plan,
      bounds: options.bounds ?? DEFAULT_BOUNDS,
      targetsModule: options.targetsModule ?? new URL("./all_targets.ts", import.meta.url).href,
    };
    worker.postMessage(request);
  });
}
