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

Deno.test("every listed mutant applies to the current tree and names existing tests", () => {
  const ids = new Set<string>();
  for (const m of MUTANTS) {
    assert.ok(!ids.has(m.id), `duplicate id ${m.id}`);
    ids.add(m.id);
    const applied = applyMutant(Deno.readTextFileSync(join(REPO_ROOT, m.file)), m);
    assert.equal(applied.kind, "applied", `${m.id}: ${JSON.stringify(applied)} (refresh the list)`);
    assert.ok(m.tests.length > 0, m.id);
    for (const t of m.tests) Deno.statSync(join(REPO_ROOT, t));
  }
  assert.equal(MUTANTS.filter((m) => m.audit).length, 20, "the audit's 20");
});

// The runner end to end on ONE fast mutant: a real copy, a real baseline and a real test run.
Deno.test("deno task mutants catches the one-digit safety-code mutant in a copy of the tree", async () => {
  const before = Deno.readTextFileSync(join(REPO_ROOT, "domain/safety_code.ts"));
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--frozen",
      "--allow-all",
      join(REPO_ROOT, "scripts/mutants/main.ts"),
      "--only",
      "safety-code-compare",
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, stdout + new TextDecoder().decode(out.stderr));
  assert.match(stdout, /^caught\s+safety-code-compare\s/m);
  assert.match(stdout, /\| `safety-code-compare` \| `domain\/safety_code\.ts` \| caught/);
  assert.match(stdout, /^1 caught, 0 survived, 0 stale$/m);
  // The working tree was never touched.
  assert.equal(Deno.readTextFileSync(join(REPO_ROOT, "domain/safety_code.ts")), before);
});
