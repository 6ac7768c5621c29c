/**
 * Measuring helpers for the benchmarks: medians of repeated runs, whole-process runs under
 * `/usr/bin/time -v` (wall time, CPU time, peak resident set), and CPU time of this process.
 *
 * @module
 */

import process from "node:process";

/** Median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `runs` times and returns the median wall time in milliseconds. */
export async function medianMs(
  runs: number,
  fn: () => unknown | Promise<unknown>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** True when a program is on PATH (or is an existing absolute path). */
export function hasProgram(name: string): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", `command -v ${name}`], stdout: "null" })
      .outputSync().code === 0;
  } catch {
    return false;
  }
}

/** CPU time (user + system) this process has used so far, in milliseconds. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One whole-process run. */
export interface ProcessRun {
  /** Wall time from spawn to exit, in ms. */
  readonly ms: number;
  /** User plus system CPU time of the process, in ms (from `time -v`). */
  readonly cpuMs: number;
  /** Peak resident set size, in MiB (`time -v` "Maximum resident set size"). */
  readonly rssMiB: number;
  readonly code: number;
  readonly stderr: string;
}

/** The GNU time binary (Debian package `time`). */
export const GNU_TIME = "/usr/bin/time";

function field(report: string, label: string): number {
  const line = report.split("\n").find((l) => l.trim().startsWith(label));
  if (!line) throw new Error(`time -v gave no "${label}"`);
  return Number(line.slice(line.lastIndexOf(":") + 1).trim());
}

/**
 * Runs `program args` under `/usr/bin/time -v` and returns wall time, CPU time and peak RSS.
 * Throws when the program fails, with its standard error.
 */
export async function timeProcess(
  program: string,
  args: string[],
  options: {
    env?: Record<string, string>;
    stdin?: Uint8Array;
    /** A file streamed to standard input (large inputs: never held in this process). */
    stdinFile?: string;
    cwd?: string;
  } = {},
): Promise<ProcessRun> {
  const report = await Deno.makeTempFile({ prefix: "plico-bench-time-" });
  try {
    const start = performance.now();
    const child = new Deno.Command(GNU_TIME, {
      args: ["-v", "-o", report, program, ...args],
      cwd: options.cwd,
      clearEnv: options.env !== undefined,
      env: options.env,
      stdin: options.stdin || options.stdinFile ? "piped" : "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    if (options.stdin) {
      const w = child.stdin.getWriter();
      await w.write(options.stdin);
      await w.close();
    } else if (options.stdinFile) {
      const file = await Deno.open(options.stdinFile);
      await file.readable.pipeTo(child.stdin);
    }
    const out = await child.output();
    const ms = performance.now() - start;
    const stderr = new TextDecoder().decode(out.stderr);
    if (out.code !== 0) {
      throw new Error(`${program} ${args.join(" ")} failed (${out.code}): ${stderr}`);
    }
    const text = Deno.readTextFileSync(report);
    return {
      ms,
      cpuMs: 1000 * (field(text, "User time (seconds)") + field(text, "System time (seconds)")),
      rssMiB: field(text, "Maximum resident set size (kbytes)") / 1024,
      code: out.code,
      stderr,
    };
  } finally {
    await Deno.remove(report).catch(() => {});
  }
}
