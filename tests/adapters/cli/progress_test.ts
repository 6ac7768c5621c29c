import assert from "node:assert/strict";
import type { CliIo } from "../../../adapters/cli/cli_io.ts";
import { progressBar } from "../../../adapters/cli/progress.ts";

function io(terminal: boolean): CliIo & { errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    out: () => {},
    outBytes: () => {},
    err: (t) => errors.push(t),
    readStdin: () => Promise.resolve(new Uint8Array(0)),
    stdinStream: () => new Blob([]).stream(),
    stdinIsTerminal: () => false,
    stdoutIsTerminal: () => false,
    stderrIsTerminal: () => terminal,
    readSecretLine: () => Promise.resolve(""),
    readKey: () => Promise.resolve("stop"),
    terminalSize: () => null,
    readLine: () => Promise.resolve(""),
    env: () => undefined,
  };
}

Deno.test("progressBar() draws on a terminal for large work, once per percent", () => {
  const term = io(true);
  const bar = progressBar(term, "sealing")!;
  const total = 64 * 1024 * 1024;
  for (let done = 0; done <= total; done += 64 * 1024) bar(done, total);
  assert.equal(term.errors.length, 101);
  assert.match(term.errors[50]!, /^\rsealing \[#+ *\] {2}50%$/);
  assert.match(term.errors[100]!, /100%\n$/);
});

Deno.test("progressBar() stays silent when stderr is not a terminal or the work is small", () => {
  assert.equal(progressBar(io(false), "opening"), undefined);
  const term = io(true);
  progressBar(term, "opening")!(10, 100);
  assert.deepEqual(term.errors, []);
});
