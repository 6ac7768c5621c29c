/**
 * Child process for `interrupts_test.ts`: runs a step under `uncut` that writes a file, says
 * so, spins until the test has sent its signal (it creates the `go` file afterwards), then
 * removes the file. `region` runs the same inside `whileInterruptible` and reports whether the
 * command's own signal was aborted.
 *
 * deno run --allow-read --allow-write interrupt_probe.ts (plain|region) FILE GO
 */

import { uncut, whileInterruptible } from "../../../adapters/cli/interrupts.ts";
import { exists } from "../../support/paths.ts";

const [mode, file, go] = Deno.args as [string, string, string];

function step(): void {
  Deno.writeTextFileSync(file, "probe");
  console.log("in step");
  const until = Date.now() + 30_000; // bounded: a test that never says go fails, not hangs
  while (!exists(go)) {
    if (Date.now() > until) throw new Error("no go file");
  }
  Deno.removeSync(file);
}

if (mode === "plain") {
  uncut(step);
  // A signal that came during the step ends the process at the next turn, within this wait.
  await new Promise((r) => setTimeout(r, 20_000));
  console.log("after");
} else {
  const aborted = await whileInterruptible(async (signal) => {
    uncut(step);
    await new Promise((r) => setTimeout(r, 200));
    return signal.aborted;
  });
  console.log(`aborted ${aborted}`);
}
