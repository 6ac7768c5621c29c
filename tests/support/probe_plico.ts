/**
 * Runs the real program as shipped (`plicoArgv`) with tests/e2e/rights_probe_preload.ts loaded
 * in front of `main.ts`, and returns what the probe recorded: the rights held at the first
 * input, when serving and at exit, and every sandbox worker started with its permissions.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.ts";
import { plicoArgv } from "./run_plico.ts";

/** "granted": held; "denied": dropped; "mixed": only some of the kind held. */
export type RightState = "granted" | "denied" | "mixed";

/** The droppable rights of HARDENING §1. */
export interface ProbedRights {
  readonly loopback: RightState;
  readonly credentialStore: RightState;
  readonly env: RightState;
}

/** One record of the probe. */
export interface ProbeRecord {
  readonly event: "input" | "serve" | "exit" | "worker";
  /** What was touched, the exit code, or the worker module's file name. */
  readonly detail: string;
  readonly rights: ProbedRights;
  /** For `worker`: the permissions the program asked for, or "inherit". */
  readonly permissions?: unknown;
}

const PREFIX = "PLICO-RIGHTS-PROBE ";
const HANG_GUARD_MS = 300_000;
const PRELOAD = join(REPO_ROOT, "tests", "e2e", "rights_probe_preload.ts");
/** Records workers only, and lets the program run normally (for `plico ui`). */
export const WORKER_PRELOAD = join(REPO_ROOT, "tests", "e2e", "probe_records.ts");

/** Parses the probe records out of a program's standard error. */
export function probeRecords(stderr: string): ProbeRecord[] {
  return stderr.split("\n").filter((l) => l.startsWith(PREFIX)).map((l) =>
    JSON.parse(l.slice(PREFIX.length)) as ProbeRecord
  );
}

/** Runs `plico ...args` with the probe; stdin is closed. */
export async function probePlico(
  args: string[],
): Promise<{ code: number; records: ProbeRecord[]; stderr: string }> {
  const argv = plicoArgv(args);
  const main = argv.indexOf(join(REPO_ROOT, "main.ts"));
  assert.ok(main > 0, "plicoArgv must end in main.ts and its arguments");
  argv.splice(main, 0, "--preload", PRELOAD);
  const child = new Deno.Command(Deno.execPath(), {
    args: argv,
    cwd: REPO_ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/nonexistent",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
      NO_COLOR: "1",
    },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // Only a guard against a hang (say, `plico ui` serving without `Deno.serve`): far above any
  // honest run, and reported, not raced.
  let killed = false;
  const guard = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, HANG_GUARD_MS);
  const out = await child.output();
  clearTimeout(guard);
  const stderr = new TextDecoder().decode(out.stderr) +
    (killed ? `\n(killed: still running after ${HANG_GUARD_MS} ms)` : "");
  return { code: out.code, records: probeRecords(stderr), stderr };
}
