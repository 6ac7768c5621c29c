/**
 * Worker side of `run_in_worker.ts`: runs the fuzz loop and reports each case start, so the
 * main thread can tell a hang from slow progress. The targets come from the module named in
 * the request (by default `all_targets.ts`), which lets the harness tests plant faulty targets.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import type { TargetFactory } from "./fuzz_target.ts";
import { type FuzzBounds, type PlanEntry, runFuzz } from "./fuzz_run.ts";

/** What the main thread sends. */
export interface WorkerRequest {
  readonly seed: string;
  readonly plan: readonly PlanEntry[];
  readonly bounds: FuzzBounds;
  /** URL of a module exporting `TARGETS`. */
  readonly targetsModule: string;
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { seed, plan, bounds, targetsModule } = event.data;
  try {
    const { TARGETS, closeShared } = await import(targetsModule) as {
      TARGETS: Record<string, TargetFactory>;
      closeShared?: () => Promise<void>;
    };
    let report;
    try {
      report = await runFuzz({
        seed,
        plan,
        bounds,
        factories: TARGETS,
        onCase: (target, index) => self.postMessage({ type: "case", target, index }),
      });
    } finally {
      await closeShared?.();
    }
    self.postMessage({ type: "done", report });
  } catch (e) {
    self.postMessage({
      type: "error",
      message: e instanceof Error ? e.stack ?? e.message : String(e),
    });
  }
};
