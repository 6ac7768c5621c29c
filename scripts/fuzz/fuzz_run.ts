/**
 * The fuzz loop. For every case it checks the promise "fail closed" (DESIGN §1): the call ends
 * in a `PlicoError` with a stable code other than `internal`, or in a result the target verifies
 * as correct; nothing else is thrown; the case finishes within a time bound; after a failure the
 * profile state is byte-for-byte unchanged; and memory does not grow with the number of cases.
 * A hang that never returns cannot be caught here — `run_in_worker.ts` adds a watchdog for it.
 *
 * @module
 */

import { isPlicoError } from "../../domain/errors.ts";
import type { FuzzTarget, TargetFactory } from "./fuzz_target.ts";
import { createRng } from "./prng.ts";

/** How many cases of which target, in order. */
export interface PlanEntry {
  readonly target: string;
  readonly cases: number;
}

/** Bounds a case must stay within. */
export interface FuzzBounds {
  /** A case slower than this is a failure ("hang beyond a bound"), in ms. */
  readonly caseMs: number;
  /** Growth of the JS heap (after GC) from early in a target's run to its end, in MiB. */
  readonly heapGrowthMiB: number;
  /** Peak resident set size of the whole process, in MiB. */
  readonly rssMiB: number;
}

/** Default bounds: generous for a loaded 2-core machine, far below a real hang or leak. */
export const DEFAULT_BOUNDS: FuzzBounds = { caseMs: 5_000, heapGrowthMiB: 64, rssMiB: 2_048 };

/** Options of a run. */
export interface FuzzOptions {
  readonly seed: string;
  readonly plan: readonly PlanEntry[];
  readonly factories: Readonly<Record<string, TargetFactory>>;
  readonly bounds?: FuzzBounds;
  /** Called before each case (the watchdog's heartbeat). */
  readonly onCase?: (target: string, index: number) => void;
}

/** A broken promise. */
export interface FuzzFailure {
  readonly target: string;
  readonly index: number;
  readonly ops: string;
  readonly kind:
    | "exception"
    | "internal"
    | "state"
    | "slow"
    | "wrong_result"
    | "memory"
    | "harness";
  readonly detail: string;
}

/** Per-target figures. */
export interface TargetReport {
  cases: number;
  successes: number;
  /** Wall time of the target including set-up and preparing the cases, in ms. */
  wallMs: number;
  /** Error code (or "success") → count. */
  outcomes: Record<string, number>;
  failures: number;
  totalMs: number;
  slowestMs: number;
  slowestIndex: number;
  /** Peak resident set size of the process while this target ran, in MiB. */
  rssPeakMiB: number;
  /** Heap after GC early in the run and at its end (MiB), when GC is exposed. */
  heapStartMiB: number | null;
  heapEndMiB: number | null;
}

/** The outcome of a run. */
export interface FuzzReport {
  readonly seed: string;
  readonly cases: number;
  readonly elapsedMs: number;
  readonly rssPeakMiB: number;
  readonly gcExposed: boolean;
  readonly targets: Record<string, TargetReport>;
  /** At most `MAX_REPORTED` failures in detail; `failureCount` counts all. */
  readonly failures: FuzzFailure[];
  readonly failureCount: number;
}

const MAX_REPORTED = 50;
const SAMPLE_EVERY = 64;
const MiB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;

function heapMiB(): number | null {
  if (!gc) return null;
  gc();
  return Deno.memoryUsage().heapUsed / MiB;
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const frames = (e.stack ?? "").split("\n").slice(1, 4).map((l) => l.trim()).join(" | ");
    return `${e.constructor.name}: ${e.message}${frames ? ` @ ${frames}` : ""}`;
  }
  return `non-Error thrown: ${String(e)}`;
}

/** Runs the plan; never throws for a finding, only reports it. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  const started = performance.now();
  const failures: FuzzFailure[] = [];
  let failureCount = 0;
  let rssPeak = Deno.memoryUsage().rss / MiB;
  const targets: Record<string, TargetReport> = {};
  let total = 0;

  const fail = (f: FuzzFailure, report: TargetReport) => {
    failureCount++;
    report.failures++;
    if (failures.length < MAX_REPORTED) failures.push(f);
  };

  for (const { target: name, cases } of options.plan) {
    const factory = options.factories[name];
    if (!factory) throw new Error(`unknown fuzz target ${name}`);
    const report: TargetReport = targets[name] ?? {
      cases: 0,
      successes: 0,
      wallMs: 0,
      outcomes: {},
      failures: 0,
      totalMs: 0,
      slowestMs: 0,
      slowestIndex: -1,
      rssPeakMiB: 0,
      heapStartMiB: null,
      heapEndMiB: null,
    };
    targets[name] = report;
    const wallStart = performance.now();
    const target: FuzzTarget = await factory(options.seed);
    const heapMark = Math.max(1, Math.floor(cases / 10));
    try {
      for (let index = 0; index < cases; index++) {
        options.onCase?.(name, index);
        const rng = createRng(`${options.seed}/${name}/${index}`);
        let prepared;
        try {
          prepared = await target.prepare(rng, index);
        } catch (e) {
          fail({ target: name, index, ops: "", kind: "harness", detail: describe(e) }, report);
          continue;
        }
        const ops = prepared.ops;
        const before = target.snapshot();
        const t0 = performance.now();
        let outcome: string;
        try {
          const result = await prepared.run();
          outcome = "success";
          const wrong = await prepared.verify(result);
          if (wrong !== null) {
            fail({ target: name, index, ops, kind: "wrong_result", detail: wrong }, report);
          } else {
            report.successes++;
            await target.afterSuccess?.();
          }
        } catch (e) {
          if (isPlicoError(e)) {
            outcome = e.code;
            if (e.code === "internal") {
              fail({ target: name, index, ops, kind: "internal", detail: describe(e) }, report);
            }
          } else {
            outcome = "exception";
            fail({ target: name, index, ops, kind: "exception", detail: describe(e) }, report);
          }
          const after = target.snapshot();
          if (after !== before) {
            fail({
              target: name,
              index,
              ops,
              kind: "state",
              detail: `state changed although the call failed (${outcome})`,
            }, report);
          }
        }
        const ms = performance.now() - t0;
        report.cases++;
        report.totalMs += ms;
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
        if (ms > report.slowestMs) {
          report.slowestMs = ms;
          report.slowestIndex = index;
        }
        if (ms > bounds.caseMs) {
          fail({
            target: name,
            index,
            ops,
            kind: "slow",
            detail: `took ${ms.toFixed(0)} ms (bound ${bounds.caseMs} ms)`,
          }, report);
        }
        total++;
        if (index % SAMPLE_EVERY === 0) {
          const rss = Deno.memoryUsage().rss / MiB;
          report.rssPeakMiB = Math.max(report.rssPeakMiB, rss);
          rssPeak = Math.max(rssPeak, rss);
        }
        if (index === heapMark) report.heapStartMiB = heapMiB();
      }
    } finally {
      await target.close();
    }
    report.wallMs += performance.now() - wallStart;
    report.heapEndMiB = heapMiB();
    report.rssPeakMiB = Math.max(report.rssPeakMiB, Deno.memoryUsage().rss / MiB);
    rssPeak = Math.max(rssPeak, report.rssPeakMiB);
    if (
      report.heapStartMiB !== null && report.heapEndMiB !== null &&
      report.heapEndMiB - report.heapStartMiB > bounds.heapGrowthMiB
    ) {
      fail({
        target: name,
        index: cases,
        ops: "",
        kind: "memory",
        detail: `heap grew from ${report.heapStartMiB.toFixed(1)} to ${
          report.heapEndMiB.toFixed(1)
        } MiB (bound ${bounds.heapGrowthMiB} MiB)`,
      }, report);
    }
  }
  if (rssPeak > bounds.rssMiB) {
    failureCount++;
    failures.push({
      target: "*",
      index: total,
      ops: "",
      kind: "memory",
      detail: `resident set reached ${rssPeak.toFixed(0)} MiB (bound ${bounds.rssMiB} MiB)`,
    });
  }
  return {
    seed: options.seed,
    cases: total,
    elapsedMs: performance.now() - started,
    rssPeakMiB: rssPeak,
    gcExposed: gc !== undefined,
    targets,
    failures,
    failureCount,
  };
}
