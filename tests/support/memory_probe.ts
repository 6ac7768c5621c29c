/**
 * Measures the peak RSS growth of one scenario in a child process (see memory_probe_main.ts for
 * why not in the test's own process).
 *
 * @module
 */

import { join } from "node:path";
import { REPO_ROOT } from "./paths.ts";

/** What the child saw: peak RSS growth in bytes, and the error the scenario ended with. */
export interface ProbeResult {
  readonly growth: number;
  readonly error: string;
}

/** Runs `scenario` (a name known to memory_probe_main.ts) alone in a fresh Deno process. */
export async function peakRssGrowthInChild(scenario: string): Promise<ProbeResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--frozen",
      "--cached-only",
      "--no-prompt",
      "--v8-flags=--expose-gc",
      join(REPO_ROOT, "tests/support/memory_probe_main.ts"),
      scenario,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout).trim();
  if (out.code !== 0) {
    throw new Error(
      `memory probe ${scenario} exited ${out.code}: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return JSON.parse(stdout.split("\n").at(-1)!) as ProbeResult;
}
