/**
 * The mutants runner: copies the tree to a temporary directory once (the working tree is never
 * touched), then for each mutant applies it to the copy, runs the mutant's tests there, and
 * restores the file. A mutant is caught when its tests fail (or hang past the time limit),
 * survived when they pass, and stale when it no longer fits the code or names a missing test.
 * Before any mutant, the tests of all applicable mutants run once unmutated: if they fail, no
 * verdict could be trusted and the run stops.
 *
 * @module
 */

import { join, relative } from "node:path";
import { applyMutant } from "./apply_mutant.ts";
import type { Mutant } from "./mutant_list.ts";

/** What happened to one mutant. */
export type Verdict = "caught" | "caught (time limit)" | "survived" | "stale";

/** One row of the table. */
export interface MutantResult {
  readonly id: string;
  readonly file: string;
  readonly verdict: Verdict;
  /** Why it is stale, or the first failing test's name when caught. */
  readonly note: string;
  readonly seconds: number;
  readonly why: string;
}

/** Options of a run. */
export interface RunOptions {
  /** The repository to copy. */
  readonly root: string;
  readonly mutants: readonly Mutant[];
  /** Time limit per test run, in seconds. */
  readonly limitSeconds: number;
  /** Skip the unmutated run (only for a quick look; verdicts may then be wrong). */
  readonly skipBaseline?: boolean;
  /** Called after each mutant (for progress output). */
  readonly onResult?: (r: MutantResult) => void;
}

/** The result of a run, or why it could not judge. */
export type RunReport =
  | { readonly kind: "done"; readonly results: MutantResult[] }
  | { readonly kind: "baseline_failed"; readonly output: string };

/** What a stop must clean up: the running test process and the copy. */
const running: { child: Deno.ChildProcess | null; copy: string | null } = {
  child: null,
  copy: null,
};

/**
 * Ends the current test run and removes the copy (for Ctrl-C: `finally` blocks do not run
 * when the process is ended by a signal).
 */
export function stopMutants(): void {
  try {
    running.child?.kill("SIGKILL");
  } catch {
    // ended already
  }
  if (running.copy !== null) {
    try {
      Deno.removeSync(running.copy, { recursive: true });
    } catch {
      // removed already
    }
  }
}

/** Directories never copied: version control and build or dependency output. */
const SKIP = new Set([".git", "node_modules", "dist", ".deno"]);

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (SKIP.has(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) await copyTree(source, target);
    else if (entry.isFile) await Deno.copyFile(source, target);
    else if (entry.isSymlink) await Deno.symlink(await Deno.readLink(source), target);
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Runs `deno test` on `tests` inside `cwd`; `passed` false when any failed. */
async function runTests(
  cwd: string,
  tests: readonly string[],
  limitSeconds: number,
): Promise<{ passed: boolean; timedOut: boolean; output: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    // No type check: a mutant must be caught by a test's behaviour, not by the compiler.
    args: ["test", "--frozen", "--no-prompt", "--allow-all", "--fail-fast", "--no-check", ...tests],
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  running.child = child;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // ended meanwhile
    }
  }, limitSeconds * 1000);
  const out = await child.output();
  clearTimeout(timer);
  running.child = null;
  const decoder = new TextDecoder();
  const output = decoder.decode(out.stdout) + decoder.decode(out.stderr);
  return { passed: out.code === 0 && !timedOut, timedOut, output };
}

/** The name of the first failing test in `deno test` output, if it says. */
function firstFailure(output: string): string {
  const line = output.split("\n").find((l) => / \.\.\. FAILED/.test(l));
  return line?.replace(/ \.\.\. FAILED.*$/, "").trim() ?? "";
}

/** Runs every mutant of `options.mutants` and returns the table. */
export async function runMutants(options: RunOptions): Promise<RunReport> {
  const copy = await Deno.makeTempDir({ prefix: "plico-mutants-" });
  running.copy = copy;
  try {
    await copyTree(options.root, copy);
    const plans = options.mutants.map((mutant) => {
      const path = join(copy, mutant.file);
      const original = exists(path) ? Deno.readTextFileSync(path) : null;
      const missing = mutant.tests.filter((t) => !exists(join(copy, t)));
      const applied = original === null
        ? { kind: "stale" as const, reason: `${mutant.file} does not exist` }
        : missing.length > 0
        ? { kind: "stale" as const, reason: `test missing: ${missing.join(", ")}` }
        : applyMutant(original, mutant);
      return { mutant, path, original, applied };
    });

    if (!options.skipBaseline) {
      const tests = [
        ...new Set(
          plans.filter((p) => p.applied.kind === "applied").flatMap((p) => p.mutant.tests),
        ),
      ];
      if (tests.length > 0) {
        const baseline = await runTests(copy, tests, options.limitSeconds * 2);
        if (!baseline.passed) return { kind: "baseline_failed", output: baseline.output };
      }
    }

    const results: MutantResult[] = [];
    for (const { mutant, path, original, applied } of plans) {
      const started = performance.now();
      let verdict: Verdict;
      let note = "";
      if (applied.kind === "stale") {
        verdict = "stale";
        note = applied.reason;
      } else {
        Deno.writeTextFileSync(path, applied.text);
        try {
          const run = await runTests(copy, mutant.tests, options.limitSeconds);
          verdict = run.timedOut ? "caught (time limit)" : run.passed ? "survived" : "caught";
          note = run.passed ? "" : firstFailure(run.output);
        } finally {
          Deno.writeTextFileSync(path, original!);
        }
      }
      const result: MutantResult = {
        id: mutant.id,
        file: relative(copy, path),
        verdict,
        note,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        why: mutant.why,
      };
      results.push(result);
      options.onResult?.(result);
    }
    return { kind: "done", results };
  } finally {
    await Deno.remove(copy, { recursive: true }).catch(() => {});
    running.copy = null;
  }
}

/** The results as a Markdown table (the form docs/RELIABILITY.md keeps). */
export function markdownTable(results: readonly MutantResult[]): string {
  const rows = results.map((r) =>
    `| \`${r.id}\` | \`${r.file}\` | ${r.verdict}${
      r.note ? `: ${r.note.replaceAll("|", "\\|")}` : ""
    } | ${r.seconds} s | ${r.why} |`
  );
  return [
    "| mutant | file | verdict | time | what it would break |",
    "|---|---|---|---|---|",
    ...rows,
  ]
    .join("\n");
}
