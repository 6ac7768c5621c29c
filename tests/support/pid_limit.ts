/**
 * A process run under a limit on its threads, as a container's PID limit or the system's limit
 * on processes sets one: a fresh `pids` cgroup (cgroup v1, or v2 where its root delegates the
 * controller). Needs root; `pidLimitSupport()` says why when it is not available, so a test can
 * skip with that reason instead of failing.
 *
 * @module
 */

import { join } from "node:path";

/** Where new `pids` cgroups can be made, or null. */
function pidsRoot(): string | null {
  const candidates = ["/sys/fs/cgroup/pids", "/sys/fs/cgroup"];
  for (const dir of candidates) {
    try {
      if (dir.endsWith("/pids") && Deno.statSync(join(dir, "cgroup.procs")).isFile) return dir;
      const controls = Deno.readTextFileSync(join(dir, "cgroup.subtree_control"));
      if (/\bpids\b/.test(controls)) return dir;
    } catch { /* not this one */ }
  }
  return null;
}

/** Null when `runInPidsGroup` can work here, else the reason it cannot. */
export function pidLimitSupport(): string | null {
  if (Deno.build.os !== "linux") return "a thread limit needs Linux cgroups";
  if (Deno.uid() !== 0) return "a thread limit needs root (to make a cgroup)";
  return pidsRoot() === null ? "no cgroup pids controller to limit threads with" : null;
}

/**
 * Runs `command args GROUP` in a new `pids` cgroup with no limit yet: the command sets one in
 * `GROUP/pids.max` itself once it has started, because how many threads a program needs to
 * start at all varies with the machine's load. The cgroup goes afterwards.
 */
export async function runInPidsGroup(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = pidsRoot();
  if (root === null) throw new Error("no pids cgroup here");
  const group = join(root, `plico-test-${crypto.randomUUID()}`);
  Deno.mkdirSync(group);
  try {
    // The shell moves itself into the group, then becomes the command: every thread the
    // command starts counts against the limit, and nothing else does.
    const out = await new Deno.Command("sh", {
      args: [
        "-c",
        `echo $$ > ${join(group, "cgroup.procs")} && exec "$@"`,
        "sh",
        command,
        ...args,
        group,
      ],
      cwd,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
  } finally {
    Deno.removeSync(group); // empty again: its one process has ended
  }
}
