/**
 * Runs the real program as a child process with exactly the command of the `plico` task in
 * deno.json — the permission set the binary is compiled with ("permissions.plico"), no other
 * flags. The task string is read, not copied, so there is one source of truth.
 *
 * @module
 */

import { join } from "node:path";
import { REPO_ROOT } from "./paths.ts";

/** The argv (after the deno executable) that `deno task plico ...args` runs. */
export function plicoArgv(args: string[]): string[] {
  const config = JSON.parse(Deno.readTextFileSync(join(REPO_ROOT, "deno.json")));
  const words = String(config.tasks.plico).split(/\s+/);
  if (words[0] !== "deno" || words[words.length - 1] !== "main.ts") {
    throw new Error("the plico task must be 'deno run <flags> main.ts'");
  }
  return [
    ...words.slice(1, -1),
    "--config",
    join(REPO_ROOT, "deno.json"),
    join(REPO_ROOT, "main.ts"),
    ...args,
  ];
}

/** `setsid` (util-linux), when this system has it. */
const SETSID = ["/usr/bin/setsid", "/bin/setsid"].find((p) => {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
}) ?? null;

/** What a run produced. */
export interface PlicoRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for a run. */
export interface RunOptions {
  /** Bytes for standard input (default: none, stdin closed). */
  readonly stdin?: Uint8Array | string;
  /** Extra environment variables (the child starts from a minimal environment). */
  readonly env?: Record<string, string>;
  /** Working directory (default: the repository root). */
  readonly cwd?: string;
}

/** Runs `plico ...args` and collects its output. */
export async function runPlico(args: string[], options: RunOptions = {}): Promise<PlicoRun> {
  // A new session without a controlling terminal: Plico asks for passphrases on /dev/tty, and
  // a test run from a terminal must fail fast ("no terminal") rather than wait at a prompt.
  const detach = SETSID !== null;
  const command = new Deno.Command(detach ? SETSID : Deno.execPath(), {
    args: detach ? [Deno.execPath(), ...plicoArgv(args)] : plicoArgv(args),
    cwd: options.cwd ?? REPO_ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/nonexistent",
      NO_COLOR: "1",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
      ...options.env,
    },
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    const data = typeof options.stdin === "string"
      ? new TextEncoder().encode(options.stdin)
      : options.stdin;
    await writer.write(data);
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** A temporary directory removed by the returned function. */
export function tempDir(prefix = "plico-test-"): { path: string; remove(): void } {
  const path = Deno.makeTempDirSync({ prefix });
  return { path, remove: () => Deno.removeSync(path, { recursive: true }) };
}
