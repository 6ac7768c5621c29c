/**
 * Runs a helper program with a time limit and bounded output, for the adapters that talk to
 * the OS through a command-line tool (macOS `security`). The secret, when there is one, goes
 * through stdin: never through argv, which other processes can read.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";

/** What came back from a program. `timedOut` means it was killed at the time limit. */
export interface BoundedResult {
  readonly code: number;
  readonly stdout: Uint8Array;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Largest stdout/stderr kept, in bytes; more is refused as `platform.unavailable`. */
const MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * Runs `program` (an absolute path) with `args`, writes `stdin` (then wipes nothing: the
 * caller owns it) and waits at most `timeoutMs`. Throws `platform.unavailable` when the
 * program cannot be started (missing, or not permitted).
 */
export async function runBounded(
  program: string,
  args: readonly string[],
  stdin: Uint8Array | undefined,
  timeoutMs: number,
): Promise<BoundedResult> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(program, {
      args: [...args],
      stdin: stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    const why = e instanceof Deno.errors.NotCapable
      ? "Plico is not permitted to run it"
      : e instanceof Deno.errors.NotFound
      ? "it is not installed"
      : "it could not be started";
    throw new PlicoError("platform.unavailable", `cannot run ${program}: ${why}`, { cause: e });
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // exited meanwhile
    }
  }, timeoutMs);
  try {
    if (stdin) {
      const writer = child.stdin.getWriter();
      await writer.write(stdin).catch(() => {});
      await writer.close().catch(() => {});
    }
    const [status, stdout, stderr] = await Promise.all([
      child.status,
      readBounded(child.stdout),
      readBounded(child.stderr),
    ]);
    return {
      code: status.code,
      stdout,
      stderr: new TextDecoder().decode(stderr),
      timedOut,
    };
  } finally {
    clearTimeout(timer);
  }
}

async function readBounded(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLong = false;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > MAX_OUTPUT_BYTES) tooLong = true; // keep reading so the child never blocks
    else chunks.push(chunk);
  }
  if (tooLong) throw new PlicoError("platform.unavailable", "a helper program printed too much");
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
    c.fill(0);
  }
  return out;
}
