/**
 * `deno task mutants [--only id,id] [--list] [--limit-s N] [--markdown FILE] [--no-baseline]
 * [--mutants-module FILE]`:
 * applies each listed mutant (scripts/mutants/mutant_list.ts) to a temporary copy of the tree,
 * runs the tests that must catch it, and prints caught / survived / stale per mutant and a
 * Markdown table for docs/RELIABILITY.md. Slow (minutes): not part of CI.
 *
 * Exit status: 0 when no mutant survived, 1 when one did, 2 when the unmutated tests already
 * fail (no verdict possible) or on a usage error.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL as toFileUrl } from "node:url";
import { type Mutant, MUTANTS as LISTED } from "./mutant_list.ts";
import { markdownTable, runMutants, stopMutants } from "./run_mutants.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const { values } = parseArgs({
  args: Deno.args,
  options: {
    only: { type: "string" },
    list: { type: "boolean" },
    "limit-s": { type: "string", default: "900" },
    markdown: { type: "string" },
    "no-baseline": { type: "boolean" },
    "mutants-module": { type: "string" },
  },
  strict: true,
});

// Another list (the runner's own test uses one): a module exporting `MUTANTS`.
const MUTANTS: readonly Mutant[] = values["mutants-module"]
  ? (await import(toFileUrl(resolve(values["mutants-module"])).href)).MUTANTS
  : LISTED;

if (values.list) {
  for (const m of MUTANTS) console.log(`${m.id.padEnd(30)} ${m.file}`);
  Deno.exit(0);
}

const wanted = values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
const unknown = (wanted ?? []).filter((id) => !MUTANTS.some((m) => m.id === id));
if (unknown.length > 0) {
  console.error(`unknown mutant(s): ${unknown.join(", ")} (see --list)`);
  Deno.exit(2);
}
const limit = Number(values["limit-s"]);
if (!Number.isSafeInteger(limit) || limit <= 0) {
  console.error("--limit-s must be a positive whole number of seconds");
  Deno.exit(2);
}
const selected = wanted ? MUTANTS.filter((m) => wanted.includes(m.id)) : MUTANTS;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => {
    stopMutants();
    Deno.exit(130);
  });
}
console.log(`mutants: ${selected.length}, tests run in a temporary copy of ${ROOT}`);
const report = await runMutants({
  root: ROOT,
  mutants: selected,
  limitSeconds: limit,
  skipBaseline: values["no-baseline"],
  onResult: (r) =>
    console.log(
      `${r.verdict.padEnd(20)} ${r.id.padEnd(30)} ${String(r.seconds).padStart(6)} s  ${r.note}`,
    ),
});
if (report.kind === "baseline_failed") {
  console.error("the tests fail without any mutant, so no verdict is possible:\n");
  console.error(report.output.slice(-4000));
  Deno.exit(2);
}
const count = (v: string) => report.results.filter((r) => r.verdict.startsWith(v)).length;
const table = markdownTable(report.results);
console.log(`\n${table}\n`);
console.log(
  `${count("caught")} caught, ${count("survived")} survived, ${count("stale")} stale`,
);
if (values.markdown) Deno.writeTextFileSync(values.markdown, table + "\n");
Deno.exit(count("survived") > 0 ? 1 : 0);
