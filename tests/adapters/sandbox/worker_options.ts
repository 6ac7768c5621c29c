/**
 * Whether this test process runs with Deno's `worker-options` unstable feature, which the
 * sandbox needs. Without it, creating a restricted worker ends the whole process with exit 70,
 * taking the test run with it; the sandbox tests check this first and fail with a clear message.
 *
 * @module
 */

import { join } from "node:path";
import { REPO_ROOT } from "../../support/paths.ts";

/** True when deno.json or the command line enables `worker-options`. */
export function workerOptionsEnabled(): boolean {
  let argv: string[] = [];
  try {
    argv = Deno.readTextFileSync("/proc/self/cmdline").split("\0");
  } catch { /* not Linux: rely on deno.json */ }
  if (argv.includes("--unstable-worker-options") || argv.includes("--unstable")) return true;
  const config = JSON.parse(Deno.readTextFileSync(join(REPO_ROOT, "deno.json")));
  return Array.isArray(config.unstable) && config.unstable.includes("worker-options");
}

/** Throws a clear error unless `workerOptionsEnabled()`. */
export function requireWorkerOptions(): void {
  if (!workerOptionsEnabled()) {
    throw new Error(
      'the sandbox needs "unstable": ["worker-options"] in deno.json (or ' +
        "--unstable-worker-options); without it Deno exits with code 70 when a sandbox starts",
    );
  }
}
