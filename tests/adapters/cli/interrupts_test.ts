import assert from "node:assert/strict";
import { join } from "node:path";
import { exists } from "../../support/paths.ts";

const PROBE = new URL("./interrupt_probe.ts", import.meta.url).pathname;

/** Runs the probe, sends `signal` while its step holds a file, lets the step finish. */
async function interruptStep(mode: "plain" | "region", signal: Deno.Signal) {
  const dir = Deno.makeTempDirSync({ prefix: "plico-uncut-" });
  const file = join(dir, ".probe");
  const go = join(dir, "go");
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--allow-read", "--allow-write", PROBE, mode, file, go],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    const decoder = new TextDecoder();
    let out = "";
    while (!out.includes("in step")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += decoder.decode(value, { stream: true });
    }
    assert.ok(out.includes("in step"), out);
    assert.ok(Deno.statSync(file).isFile, "the step's file exists while it runs");
    child.kill(signal);
    // The signal is sent before the step may go on: it is pending when the step ends.
    Deno.writeTextFileSync(go, "");
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      out += decoder.decode(value, { stream: true });
    }
    const status = await child.status;
    const stderr = decoder.decode(await new Response(child.stderr).arrayBuffer());
    return { status, out, stderr, fileLeft: exists(file) };
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  Deno.test(`${signal} during an uncut step ends the process after it, leaving nothing behind`, async () => {
    const run = await interruptStep("plain", signal);
    assert.equal(run.fileLeft, false, "the step's file was left behind");
    assert.ok(!run.out.includes("after"), "the process went on after the signal");
    assert.equal(run.status.signal, null, "ended by the signal's default action, mid-step");
    assert.equal(run.status.code, code);
    assert.match(run.stderr, /plico: interrupted/);
  });
}

Deno.test("inside a command's own interruptible part, an uncut step leaves the signal to the command", async () => {
  const run = await interruptStep("region", "SIGINT");
  assert.equal(run.fileLeft, false);
  assert.equal(run.status.code, 0, run.stderr);
  assert.match(run.out, /aborted true/);
});
