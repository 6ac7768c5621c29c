/**
 * Mutation fuzzing of everything Plico parses from outside: envelopes (as a channel attacker and
 * as a malicious peer), setup files, armor and PNG carriers. See `docs/RELIABILITY.md`.
 *
 *   deno run --frozen --allow-all --v8-flags=--expose-gc scripts/fuzz/main.ts \
 *     [--cases N] [--seed S] [--targets a,b] [--case-ms MS] [--hang-ms MS] [--json FILE]
 *
 * `--cases` is the total over the targets (shared by weight, `all_targets.ts`). A case slower
 * than `--case-ms` is a failure; one running longer than `--hang-ms` stops the run as a hang
 * (the loop runs in a worker under a watchdog).
 *
 * The same seed and case count give the same mutations (profile keys and nonces still come from
 * the system's randomness). Exit status 0 when no case broke a promise, 1 otherwise.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { planFor, TARGETS } from "./all_targets.ts";
import { DEFAULT_BOUNDS, type FuzzReport } from "./fuzz_run.ts";
import { runFuzzInWorker } from "./run_in_worker.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    cases: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    targets: { type: "string" },
    "case-ms": { type: "string", default: String(DEFAULT_BOUNDS.caseMs) },
    "hang-ms": { type: "string", default: "60000" },
    json: { type: "string" },
    // A module exporting other TARGETS (the harness tests plant faulty ones this way).
    "targets-module": { type: "string" },
    quiet: { type: "boolean", default: false },
  },
  strict: true,
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

const names = values.targets
  ? values.targets.split(",").map((s) => s.trim())
  : Object.keys(TARGETS);
const targetsModule = values["targets-module"]
  ? new URL(values["targets-module"], `file://${Deno.cwd()}/`).href
  : undefined;
const plan = targetsModule
  ? names.map((target) => ({ target, cases: positive("cases", values.cases) }))
  : planFor(positive("cases", values.cases), names);
const bounds = { ...DEFAULT_BOUNDS, caseMs: positive("case-ms", values["case-ms"]) };
const total = plan.reduce((n, p) => n + p.cases, 0);
let done = 0;
const result = await runFuzzInWorker({
  seed: values.seed,
  plan,
  bounds,
  hangMs: positive("hang-ms", values["hang-ms"]),
  targetsModule,
  onCase: (target, index) => {
    done++;
    if (!values.quiet && Deno.stderr.isTerminal() && done % 50 === 0) {
      Deno.stderr.writeSync(
        new TextEncoder().encode(`\r${target} ${index}  (${done}/${total})   `),
      );
    }
  },
});
if (!values.quiet && Deno.stderr.isTerminal()) {
  Deno.stderr.writeSync(new TextEncoder().encode("\n"));
}

if (result.kind !== "done") {
  const message = result.kind === "hang"
    ? `HANG: ${result.target} case ${result.index} ran for ${result.ms.toFixed(0)} ms`
    : `harness error: ${result.message}`;
  console.log(message);
  if (values.json) {
    Deno.writeTextFileSync(
      values.json,
      JSON.stringify({ seed: values.seed, plan, result }, null, 2) + "\n",
    );
  }
  Deno.exit(1);
}

const report: FuzzReport = result.report;
console.log(
  `fuzz seed ${report.seed}: ${report.cases} cases in ${(report.elapsedMs / 1000).toFixed(1)} s, ` +
    `${report.failureCount} failure(s), peak RSS ${report.rssPeakMiB.toFixed(0)} MiB` +
    (report.gcExposed ? "" : " (run with --v8-flags=--expose-gc for the heap-growth check)"),
);
console.log(
  `${"target".padEnd(18)}${"cases".padStart(7)}${"opened".padStart(8)}${"fail".padStart(6)}` +
    `${"wall s".padStart(8)}${"mean ms".padStart(9)}${"max ms".padStart(9)}${
      "heap MiB".padStart(14)
    }${"RSS MiB".padStart(9)}  outcomes`,
);
for (const [name, t] of Object.entries(report.targets)) {
  const heap = t.heapStartMiB === null
    ? "-"
    : `${t.heapStartMiB.toFixed(1)}→${t.heapEndMiB?.toFixed(1)}`;
  const outcomes = Object.entries(t.outcomes).sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`).join(", ");
  console.log(
    `${name.padEnd(18)}${String(t.cases).padStart(7)}${String(t.successes).padStart(8)}` +
      `${String(t.failures).padStart(6)}${(t.wallMs / 1000).toFixed(1).padStart(8)}${
        (t.totalMs / Math.max(1, t.cases)).toFixed(2).padStart(9)
      }` +
      `${t.slowestMs.toFixed(0).padStart(9)}${heap.padStart(14)}${
        t.rssPeakMiB.toFixed(0).padStart(9)
      }  ${outcomes}`,
  );
}
for (const f of report.failures) {
  console.log(`FAIL ${f.target} #${f.index} [${f.kind}] ${f.ops}: ${f.detail}`);
}
if (values.json) {
  Deno.writeTextFileSync(values.json, JSON.stringify({ plan, report }, null, 2) + "\n");
}
Deno.exit(report.failureCount === 0 ? 0 : 1);
