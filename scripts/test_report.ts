/**
 * `deno task test [FILES…]`: runs the suite (`deno test --parallel`, over every test file in
 * `tests/` unless test files or folders are named; other arguments are passed on), passing its
 * output through unchanged, then prints the ten slowest tests and the suite's wall time, so that
 * a test that grows slow is seen the day it does. Deno's own summary line stays in
 * the output for `.ci/run`, which prints its closing `N passed, N failed` line after all this.
 * Exits with the test run's status.
 *
 * Keeping the suite short on two cores (README "Run the tests"):
 * - twice as many test files run at once as there are cores (`DENO_JOBS`, unless set): many
 *   tests spend their time waiting — on a terminal, a browser, an idle lock or a time limit —
 *   while others compute;
 * - the longest files (`START_FIRST`) run in a `deno test` of their own, started beside the
 *   run of all the others (whose start order `deno test` chooses), so that none starts last;
 *   one summary line counts both;
 * - test profiles are set up once per run and copied for each test (`TEMPLATES_ENV`,
 *   tests/support/templates.ts).
 *
 * @module
 */

import { join, relative } from "node:path";

/** How many of the slowest tests are listed. */
export const SLOWEST_SHOWN = 10;

/** One finished test and how long it took. */
export interface TestTime {
  readonly file: string;
  readonly name: string;
  readonly ms: number;
}

const ANSI = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");
const UNITS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  "µs": 1e-3,
  ns: 1e-6,
};

/** Milliseconds of a Deno duration such as `13s`, `115ms`, `482µs` or `2m9s`; NaN otherwise. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|µs|ns|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return NaN;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

/**
 * Reads test results from Deno's output, in both layouts: `./file => name ... ok (1s)` (with
 * `--parallel`) and `name ... ok (1s)` after `running N tests from ./file`. Steps are skipped;
 * their time is part of their test's.
 */
export class TestTimes {
  readonly #times: TestTime[] = [];
  #file = "";

  /** Takes one line of output. */
  add(rawLine: string): void {
    const line = rawLine.replace(ANSI, "").trimEnd();
    const running = /^running \d+ tests? from (\S+)$/.exec(line);
    if (running) {
      this.#file = running[1]!;
      return;
    }
    const result = /^(?:(\S+) => )?(.+?) \.\.\. (?:ok|FAILED|ignored) \(([^()]+)\)$/.exec(line);
    if (!result || result[2]!.includes(" ... ")) return;
    const ms = parseDuration(result[3]!);
    if (Number.isNaN(ms)) return;
    this.#times.push({ file: result[1] ?? this.#file, name: result[2]!, ms });
  }

  /** The `count` slowest tests, slowest first. */
  slowest(count = SLOWEST_SHOWN): TestTime[] {
    return [...this.#times].sort((a, b) => b.ms - a.ms).slice(0, count);
  }

  get count(): number {
    return this.#times.length;
  }
}

/** `1m05s`, `9.4s`, `120ms`: short and readable. */
export function formatMs(ms: number): string {
  if (ms >= 60_000) {
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  }
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

/** The report printed after the run. */
export function report(times: TestTimes, wallMs: number): string {
  const rows = times.slowest().map((t) =>
    `  ${formatMs(t.ms).padStart(7)}  ${t.file.replace(/^\.\//, "")}: ${t.name}`
  );
  return [
    "",
    `Slowest ${rows.length} of ${times.count} tests (suite wall time ${formatMs(wallMs)}):`,
    ...rows,
    "",
  ].join("\n");
}

/** Names, for the test files, a scratch directory shared by one run (tests/support/templates.ts). */
export const TEMPLATES_ENV = "PLICO_TEST_TEMPLATES";

/**
 * The files that took longest in recent runs (the report below lists them), run beside the
 * others from the start. Only the scheduling depends on this list: a file missing here still
 * runs, a name of a file that no longer exists is ignored.
 */
export const START_FIRST: readonly string[] = [
  "tests/browser/every_view_test.ts",
  "tests/e2e/open_failure_cli_test.ts",
  "tests/e2e/cli_terminal_test.ts",
  "tests/e2e/envelope_cli_test.ts",
  "tests/reliability/crash_smoke_test.ts",
  "tests/browser/once_only_message_test.ts",
  "tests/browser/qr_air_gap_test.ts",
  "tests/fuzz/fuzz_smoke_test.ts",
  "tests/reliability/concurrency_test.ts",
  "tests/browser/seal_progress_test.ts",
  "tests/browser/forms_and_flow_test.ts",
];

/** Deno's rule for a test module: `test.ts`, `*_test.ts` or `*.test.ts` (and the JS kinds). */
const TEST_FILE = /(?:^|[._])test\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** Every test file under `root` (relative, `/`-separated), sorted. */
export function suiteFiles(root = "tests"): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path);
      else if (entry.isFile && TEST_FILE.test(entry.name)) found.push(path);
    }
  };
  walk(root);
  return found.map((p) => relative(".", p).split("\\").join("/")).sort();
}

/** Test files run at once: twice the cores, unless `DENO_JOBS` says otherwise. */
export function testJobs(env: string | undefined, cores: number): string {
  return env && /^[1-9]\d*$/.test(env) ? env : String(2 * Math.max(1, cores));
}

/** `deno test` flags whose value may follow as the next argument. */
const VALUE_FLAGS = new Set(["--filter", "--reporter", "--junit-path", "--seed", "--config", "-c"]);

/** The arguments for `deno test`: every file of the suite (`files()`) when no path is named. */
export function testArgs(args: readonly string[], files: () => string[] = suiteFiles): string[] {
  return namesPath(args) ? [...args] : [...files(), ...args];
}

function namesPath(args: readonly string[]): boolean {
  return args.some((a, i) => !a.startsWith("-") && !(i > 0 && VALUE_FLAGS.has(args[i - 1]!)));
}

/** One `deno test` run of the suite: its files and how many of them run at once. */
export interface TestGroup {
  readonly files: readonly string[];
  readonly jobs: number;
}

/**
 * How the whole suite runs: `deno test` starts its files in an order of its own, so the long
 * files (`START_FIRST`) get a run of their own with half the jobs, started at once beside the
 * run of every other file. With fewer than two jobs, one run.
 */
export function suiteGroups(files: readonly string[], jobs: number): TestGroup[] {
  const long = files.filter((f) => START_FIRST.includes(f));
  const rest = files.filter((f) => !START_FIRST.includes(f));
  if (jobs < 2 || long.length === 0 || rest.length === 0) return [{ files, jobs }];
  const longJobs = Math.ceil(jobs / 2);
  return [{ files: long, jobs: longJobs }, { files: rest, jobs: jobs - longJobs }];
}

/** Counts of one `deno test` summary line (`ok | 5 passed (2 steps) | 0 failed (3s)`). */
export interface Summary {
  readonly passed: number;
  readonly steps: number;
  readonly failed: number;
  readonly ignored: number;
}

/** The counts of a `deno test` summary line, or null when `rawLine` is not one. */
export function parseSummary(rawLine: string): Summary | null {
  const line = rawLine.replace(ANSI, "").trim();
  if (!/^(?:ok|FAILED) \| \d+ passed/.test(line)) return null;
  const count = (re: RegExp) => Number(re.exec(line)?.[1] ?? 0);
  return {
    passed: count(/\| (\d+) passed/),
    steps: count(/\| \d+ passed \((\d+) steps?\)/),
    failed: count(/\| (\d+) failed/),
    ignored: count(/\| (\d+) ignored/),
  };
}

/** One summary line for several runs, in `deno test`'s own form (`.ci/run` reads it). */
export function mergedSummary(parts: readonly Summary[], ok: boolean, wallMs: number): string {
  const sum = (k: keyof Summary) => parts.reduce((n, p) => n + p[k], 0);
  const steps = sum("steps");
  const ignored = sum("ignored");
  return `${ok && sum("failed") === 0 ? "ok" : "FAILED"} | ${sum("passed")} passed` +
    (steps ? ` (${steps} steps)` : "") + ` | ${sum("failed")} failed` +
    (ignored ? ` | ${ignored} ignored` : "") + ` (${formatMs(wallMs)})`;
}

/** The running `deno test` processes, so that an interruption reaches them. */
const running = new Set<Deno.ChildProcess>();

async function main(): Promise<number> {
  const started = performance.now();
  const templates = Deno.makeTempDirSync({ prefix: "plico-test-templates-" });
  // Ctrl-C or a kill: the test runs are told, end, and the scratch directory is removed below.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => {
      for (const child of running) {
        try {
          child.kill(signal);
        } catch { /* already ended */ }
      }
    });
  }
  try {
    const jobs = Number(testJobs(Deno.env.get("DENO_JOBS"), navigator.hardwareConcurrency));
    const groups = namesPath(Deno.args) ? [{ files: [], jobs }] : suiteGroups(suiteFiles(), jobs);
    const times = new TestTimes();
    const out = Deno.stdout.writable.getWriter();
    const results = await Promise.all(
      groups.map((g) => runGroup(g, templates, times, groups.length > 1, out)),
    );
    const encoder = new TextEncoder();
    if (groups.length > 1) {
      const summaries = results.map((r) =>
        r.summary ?? { passed: 0, steps: 0, failed: 1, ignored: 0 }
      );
      for (const r of results) {
        if (r.summary === null) console.error("test_report: a test run ended without its summary");
      }
      const ok = results.every((r) => r.code === 0);
      const line = mergedSummary(summaries, ok, performance.now() - started);
      await out.write(encoder.encode(`\n${line}\n`));
    }
    await out.write(encoder.encode(report(times, performance.now() - started)));
    out.releaseLock();
    return results.find((r) => r.code !== 0)?.code ?? 0;
  } finally {
    Deno.removeSync(templates, { recursive: true });
  }
}

/**
 * Runs `deno test` over `group` (over the paths `Deno.args` names, if any), passing its
 * output on line by line; with `holdSummary`, its summary line is kept back for merging.
 */
async function runGroup(
  group: TestGroup,
  templates: string,
  times: TestTimes,
  holdSummary: boolean,
  out: WritableStreamDefaultWriter<Uint8Array>,
): Promise<{ code: number; summary: Summary | null }> {
  const args = testArgs(Deno.args, () => [...group.files]);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "--frozen", "--no-prompt", "--allow-all", "--parallel", ...args],
    env: { DENO_JOBS: String(group.jobs), [TEMPLATES_ENV]: templates },
    stdout: "piped",
    stderr: "inherit",
    stdin: "null",
  }).spawn();
  running.add(child);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let summary: Summary | null = null;
  let pending = "";
  const take = async (line: string) => {
    times.add(line);
    const parsed = holdSummary ? parseSummary(line) : null;
    if (parsed) summary = parsed;
    else await out.write(encoder.encode(line + "\n"));
  };
  for await (const chunk of child.stdout) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) await take(line);
  }
  if (pending !== "") await take(pending);
  const { code } = await child.status;
  running.delete(child);
  return { code, summary };
}

if (import.meta.main) Deno.exit(await main());
