/**
 * Runs the real program (the `plico` task's exact flags, as `tests/support/run_plico.ts` does)
 * and kills it with a signal (SIGKILL by default) after a delay, unless it finished first.
 *
 * @module
 */

import { plicoArgv } from "../../tests/support/run_plico.ts";
import { REPO_ROOT } from "../../tests/support/paths.ts";

/** What a killed (or finished) run left behind. */
export interface KilledRun {
  /** True when the process was still running when the signal was sent. */
  readonly killed: boolean;
  /** Exit code (137-style signal exits are reported as `null` code with `killed`). */
  readonly code: number;
  /** Whatever it wrote to standard output before it died. */
  readonly stdout: string;
  /** Wall time from spawn to exit, in ms. */
  readonly ms: number;
}

/** Spawns `plico ...args` and sends `signal` after `delayMs` (never, when null). */
export async function runAndKill(
  args: string[],
  delayMs: number | null,
  stdin?: string,
  signal: Deno.Signal = "SIGKILL",
): Promise<KilledRun> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: plicoArgv(args),
    cwd: REPO_ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/nonexistent",
      NO_COLOR: "1",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
    },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const output = child.output();
  let exited = false;
  output.then(() => (exited = true), () => (exited = true));
  let killed = false;
  if (delayMs !== null) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (!exited) {
      try {
        child.kill(signal);
        killed = true;
      } catch {
        // It exited between the check and the signal.
      }
    }
  }
  const out = await output;
  return {
    // A handled signal (SIGINT, SIGTERM) ends the process normally: it was still sent.
    killed: killed && (signal !== "SIGKILL" || out.signal === "SIGKILL"),
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    ms: performance.now() - started,
  };
}
