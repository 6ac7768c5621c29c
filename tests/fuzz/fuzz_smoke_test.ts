import assert from "node:assert/strict";
import { join } from "node:path";
import type { FuzzReport } from "../../scripts/fuzz/fuzz_run.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { tempDir } from "../support/run_plico.ts";

// The smoke run of `scripts/fuzz/main.ts` (the long runs use more cases): the real script,
// with GC exposed so the heap-growth bound is checked too.
Deno.test("3000 fuzz cases over envelopes, setup files, armor, PNGs and QR parts all fail closed", async () => {
  const tmp = tempDir();
  try {
    const json = join(tmp.path, "fuzz.json");
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--frozen",
        "--allow-all",
        "--v8-flags=--expose-gc",
        join(REPO_ROOT, "scripts/fuzz/main.ts"),
        "--cases",
        "3000",
        "--seed",
        "suite",
        "--json",
        json,
        "--quiet",
        // Case time is a bound for the long runs; here a loaded machine must not fail the suite.
        "--case-ms",
        "600000",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, text + new TextDecoder().decode(out.stderr));
    const { report } = JSON.parse(Deno.readTextFileSync(json)) as { report: FuzzReport };
    assert.equal(report.failureCount, 0);
    assert.ok(report.cases >= 2990, `${report.cases} cases`);
    assert.ok(report.gcExposed);
    const t = report.targets;
    assert.deepEqual(Object.keys(t).sort(), [
      "armor",
      "envelope_crafted",
      "envelope_raw",
      "png",
      "qr",
      "setup_answer",
      "setup_finish",
    ]);
    // The cases reach past the first check: several distinct outcomes per target, and the
    // controls (fresh envelopes, real answers) open.
    for (const [name, r] of Object.entries(t)) {
      assert.ok(Object.keys(r.outcomes).length >= 2, `${name}: ${JSON.stringify(r.outcomes)}`);
    }
    assert.ok(Object.keys(t.envelope_raw!.outcomes).length >= 4);
    assert.ok(t.envelope_raw!.successes >= 5, "control envelopes did not open");
    assert.ok(t.envelope_crafted!.successes >= 20, "no crafted envelope was accepted");
    assert.ok(t.setup_finish!.successes >= 5, "control answers did not finish");
  } finally {
    tmp.remove();
  }
});
