import assert from "node:assert/strict";
import { runCrashTrials } from "../../scripts/crash/crash_trials.ts";

// A small version of `scripts/crash/main.ts` (which runs hundreds of trials): the real program
// killed with SIGKILL during open and seal, then every invariant of crash_trials.ts checked.
Deno.test("seal and open killed at random moments keep the profile consistent and the session working", async () => {
  const report = await runCrashTrials({
    trials: 6,
    seed: "suite",
    attachmentBytes: 8 * 1024 * 1024,
    checkEvery: 3,
  });
  assert.deepEqual(report.violations, []);
  assert.equal(report.trials, 6);
  assert.equal(report.sessionChecks, 2);
  const ops = Object.keys(report.outcomes).map((k) => k.split(":")[0]);
  assert.ok(ops.includes("open") && ops.includes("seal"), JSON.stringify(report.outcomes));
});

// SIGINT and SIGTERM are handled: before the commit nothing changes and nothing is left behind;
// after it the open finishes. `scripts/crash/main.ts --signals SIGINT,SIGTERM` runs 100 trials.
Deno.test("opens interrupted by SIGINT or SIGTERM at random moments change nothing or finish", async () => {
  const report = await runCrashTrials({
    trials: 10,
    seed: "suite-signals",
    attachmentBytes: 8 * 1024 * 1024,
    checkEvery: 10,
    signals: ["SIGINT", "SIGTERM"],
  });
  assert.deepEqual(report.violations, []);
  assert.equal(report.trials, 10);
  assert.deepEqual(report.partialFilesLeft, { open: 0, seal: 0 });
  assert.ok(Object.keys(report.outcomes).every((k) => k.startsWith("open:")));
});
