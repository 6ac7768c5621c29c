import assert from "node:assert/strict";
import { runFuzz } from "../../scripts/fuzz/fuzz_run.ts";
import { join } from "node:path";
import { REPO_ROOT } from "../support/paths.ts";
import { SLOW_TARGET_MS, TARGETS } from "./faulty_targets.ts";

/**
 * The case-time bound is the one timing-based check of the harness. A busy machine can make any
 * case slow, so only the `slow` target gets a tight bound, far below the time its timer is
 * guaranteed to take (SLOW_TARGET_MS: a timer never fires early); every other target gets a
 * bound no case can reach.
 */
const LOOSE = { caseMs: 600_000, heapGrowthMiB: 64, rssMiB: 4096 };
const TIGHT = { ...LOOSE, caseMs: SLOW_TARGET_MS / 5 };

async function failuresOf(name: string) {
  const report = await runFuzz({
    seed: "h",
    plan: [{ target: name, cases: 3 }],
    factories: TARGETS,
    bounds: name === "slow" ? TIGHT : LOOSE,
  });
  return report;
}

Deno.test("the fuzz harness passes a target that only fails cleanly", async () => {
  const report = await failuresOf("clean");
  assert.equal(report.failureCount, 0);
  assert.deepEqual(report.targets.clean!.outcomes, { "input.malformed": 3 });
});

Deno.test("the fuzz harness reports non-Plico exceptions, internal errors, state changes, wrong results and slow cases", async () => {
  const expect: Record<string, string> = {
    type_error: "exception",
    internal: "internal",
    state_change: "state",
    wrong_result: "wrong_result",
    slow: "slow",
  };
  for (const [name, kind] of Object.entries(expect)) {
    const report = await failuresOf(name);
    assert.equal(report.failureCount, 3, name);
    assert.ok(
      report.failures.every((f) => f.kind === kind),
      `${name}: ${JSON.stringify(report.failures)}`,
    );
  }
});

Deno.test("the fuzz watchdog stops a case that never returns, names it and fails the run", async () => {
  // A busy loop cannot be interrupted inside the worker, so this runs the real script, which
  // exits once the watchdog has fired.
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--frozen",
      "--allow-all",
      join(REPO_ROOT, "scripts/fuzz/main.ts"),
      "--targets-module",
      join(REPO_ROOT, "tests/fuzz/faulty_targets.ts"),
      "--targets",
      "clean,hang",
      "--cases",
      "2",
      "--hang-ms",
      // Also bounds the worker's start-up and the clean cases: generous, so a loaded machine
      // cannot make them look like the hang.
      "10000",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 1, new TextDecoder().decode(out.stderr));
  assert.match(stdout, /^HANG: hang case 0 ran for \d+ ms$/m);
});
