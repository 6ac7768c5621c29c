import assert from "node:assert/strict";
import { join } from "node:path";
import { applyMutant } from "../../scripts/mutants/apply_mutant.ts";
import { MUTANTS } from "../../scripts/mutants/mutant_list.ts";
import { REPO_ROOT } from "../support/paths.ts";

Deno.test("applyMutant() replaces a text found once and calls anything else stale", () => {
  const m = { search: "a < b", replace: "a <= b" };
  assert.deepEqual(applyMutant("if (a < b) x();", m), {
    kind: "applied",
    text: "if (a <= b) x();",
  });
  assert.deepEqual(applyMutant("if (a > b) x();", m), {
    kind: "stale",
    reason: "search text not found",
  });
  assert.deepEqual(applyMutant("a < b; a < b", m), {
    kind: "stale",
    reason: "search text found 2 times",
  });
  assert.equal(applyMutant("x", { search: "", replace: "y" }).kind, "stale");
  assert.equal(applyMutant("a < b", { search: "a < b", replace: "a < b" }).kind, "stale");
});

Deno.test("the mutant list is well formed; mutants that no longer fit are only reported", () => {
  const ids = new Set<string>();
  for (const m of MUTANTS) {
    assert.ok(/^[a-z0-9-]+$/.test(m.id) && !ids.has(m.id), `bad or duplicate id ${m.id}`);
    ids.add(m.id);
    assert.ok(m.tests.length > 0 && m.why.length > 0, m.id);
  }
  assert.equal(MUTANTS.filter((m) => m.audit).length, 20, "the audit's 20");
  // Code moves with other work; a stale mutant must not fail the suite, only be refreshed (the
  // runner says "stale"). Shown here so that it is noticed.
  const stale = MUTANTS.filter((m) => {
    try {
      return applyMutant(Deno.readTextFileSync(join(REPO_ROOT, m.file)), m).kind === "stale";
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.warn(
      `stale mutants (refresh scripts/mutants/mutant_list.ts): ${stale.map((m) => m.id)}`,
    );
  }
});

// The runner end to end on its own fixture (code no other work changes): a real copy, a real
// unmutated run and real test runs, one mutant per verdict.
Deno.test("deno task mutants reports caught, survived and stale mutants, never touching the tree", async () => {
  const target = join(REPO_ROOT, "tests/scripts/mutants_fixture/clamp.ts");
  const before = Deno.readTextFileSync(target);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--frozen",
      "--allow-all",
      join(REPO_ROOT, "scripts/mutants/main.ts"),
      "--mutants-module",
      join(REPO_ROOT, "tests/scripts/mutants_fixture/fixture_mutants.ts"),
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 1, stdout + new TextDecoder().decode(out.stderr)); // one survived
  assert.match(stdout, /^caught\s+fixture-caught\s/m);
  assert.match(stdout, /^survived\s+fixture-survived\s/m);
  assert.match(stdout, /^stale\s+fixture-stale\s.*search text not found/m);
  assert.match(
    stdout,
    /\| `fixture-caught` \| `tests\/scripts\/mutants_fixture\/clamp\.ts` \| caught/,
  );
  assert.match(stdout, /^1 caught, 1 survived, 1 stale$/m);
  assert.equal(Deno.readTextFileSync(target), before, "the working tree was never touched");
});
