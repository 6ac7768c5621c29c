/**
 * What the whole-process benchmarks need: two CLI profiles with a confirmed session, the real
 * program under the shipped flags (the `plico` task's command, read from deno.json), age keys,
 * and large input files.
 *
 * @module
 */

import { join } from "node:path";
import { cliPair } from "../../tests/support/cli_pair.ts";
import { plicoArgv } from "../../tests/support/run_plico.ts";
import { hasProgram, type ProcessRun, timeProcess } from "./measure.ts";

/** The environment the real program runs with (as `tests/support/run_plico.ts` sets it). */
export function plicoEnv(): Record<string, string> {
  return {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/nonexistent",
    NO_COLOR: "1",
    DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
  };
}

/** Runs `plico ...args` under `time -v`. */
export function timePlico(
  args: string[],
  stdin?: Uint8Array | { file: string },
): Promise<ProcessRun> {
  const input = stdin instanceof Uint8Array ? { stdin } : stdin ? { stdinFile: stdin.file } : {};
  return timeProcess(Deno.execPath(), plicoArgv(args), { env: plicoEnv(), ...input });
}

/** A profile as the CLI sees it. */
export interface CliProfile {
  readonly dir: string;
  readonly pass: string;
}

/** `--profile DIR --passphrase-file FILE`. */
export function profileArgs(p: CliProfile): string[] {
  return ["--profile", p.dir, "--passphrase-file", p.pass];
}

/** Alice and Bob with a confirmed session ("Bob" for Alice), made through the real CLI. */
export async function benchPair(root: string): Promise<{ alice: CliProfile; bob: CliProfile }> {
  const { alice, bob } = await cliPair(root);
  return { alice: { dir: alice.dir, pass: alice.pass }, bob: { dir: bob.dir, pass: bob.pass } };
}

/** An age X25519 identity made by `age-keygen`, or null when age is not installed. */
export async function ageKeys(root: string): Promise<{ key: string; recipient: string } | null> {
  if (!hasProgram("age") || !hasProgram("age-keygen")) return null;
  const key = join(root, "age.key");
  const made = await new Deno.Command("age-keygen", { args: ["-o", key], stderr: "null" }).output();
  if (made.code !== 0) throw new Error("age-keygen failed");
  const pub = await new Deno.Command("age-keygen", { args: ["-y", key] }).output();
  return { key, recipient: new TextDecoder().decode(pub.stdout).trim() };
}

/** Writes `bytes` of pseudorandom data to `path` (fresh randomness per 64 KiB). */
export async function writeRandomFile(path: string, bytes: number): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    const block = new Uint8Array(1024 * 1024);
    for (let at = 0; at < bytes; at += block.length) {
      for (let i = 0; i < block.length; i += 65_536) {
        crypto.getRandomValues(block.subarray(i, i + 65_536));
      }
      const n = Math.min(block.length, bytes - at);
      let done = 0;
      while (done < n) done += await file.write(block.subarray(done, n));
    }
  } finally {
    file.close();
  }
}
