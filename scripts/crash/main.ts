/**
 * Crash-safety trials (see `crash_trials.ts` for what is checked and `docs/RELIABILITY.md`):
 *
 *   deno run --frozen --allow-all scripts/crash/main.ts [--trials N] [--seed S]
 *     [--attachment-mib M] [--check-every K] [--json FILE] [--signals SIGKILL,SIGINT,SIGTERM]
 *
 * `--signals` lists the signals sent, one per trial in turn; SIGINT and SIGTERM trials are opens
 * held to the promises of a handled interruption (see `crash_trials.ts`).
 *
 * Exit status 0 when no trial broke an invariant, 1 otherwise.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { runCrashTrials } from "./crash_trials.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    trials: { type: "string", default: "200" },
    seed: { type: "string", default: "1" },
    "attachment-mib": { type: "string", default: "16" },
    "check-every": { type: "string", default: "10" },
    json: { type: "string" },
    signals: { type: "string", default: "SIGKILL" },
  },
  strict: true,
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

function signalList(text: string): Deno.Signal[] {
  const list = text.split(",").map((s) => s.trim());
  for (const s of list) {
    if (!["SIGKILL", "SIGINT", "SIGTERM"].includes(s)) {
      throw new Error("--signals takes SIGKILL, SIGINT and SIGTERM, separated by commas");
    }
  }
  return list as Deno.Signal[];
}

const report = await runCrashTrials({
  trials: positive("trials", values.trials),
  seed: values.seed,
  attachmentBytes: positive("attachment-mib", values["attachment-mib"]) * 1024 * 1024,
  checkEvery: positive("check-every", values["check-every"]),
  signals: signalList(values.signals),
  onTrial: (t) => {
    const mark = t.violations.length ? `  VIOLATION: ${t.violations.join("; ")}` : "";
    console.error(
      `trial ${t.index} ${t.op} ${t.signal}@${t.delayMs}ms ${t.killed ? "killed" : "finished"} ` +
        `→ ${t.outcome}${t.partialsLeft ? ` (${t.partialsLeft} temp file left)` : ""}${mark}`,
    );
  },
});
console.log(
  `crash trials seed ${report.seed}: ${report.trials} trials in ${
    (report.elapsedMs / 1000).toFixed(0)
  } s, ` +
    `${report.violations.length} violation(s); attachment ${
      report.attachmentBytes / 1048576
    } MiB; ` +
    `unlock ${report.calibration.unlockMs.toFixed(0)} ms, seal ${
      report.calibration.sealMs.toFixed(0)
    } ms, ` +
    `open ${report.calibration.openMs.toFixed(0)} ms uninterrupted`,
);
for (const [k, v] of Object.entries(report.outcomes).sort()) console.log(`  ${k.padEnd(32)} ${v}`);
console.log(
  `  kills inside an unlock (waited out): ${report.killsInUnlock}; hidden temp files left: ` +
    `open ${report.partialFilesLeft.open}, seal ${report.partialFilesLeft.seal}; ` +
    `both-ways session checks: ${report.sessionChecks}`,
);
for (const v of report.violations) console.log(`VIOLATION trial ${v.index} (${v.op}): ${v.detail}`);
if (values.json) Deno.writeTextFileSync(values.json, JSON.stringify(report, null, 2) + "\n");
Deno.exit(report.violations.length === 0 ? 0 : 1);
