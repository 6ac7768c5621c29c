// runBounded() with real programs: the time limit, stdin, output bounds and start failures.

import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { runBounded } from "../../../adapters/platform/run_bounded.ts";

Deno.test("runBounded() passes stdin and returns stdout, stderr and the exit code", async () => {
  const r = await runBounded(
    "/bin/sh",
    ["-c", "cat; echo oops >&2; exit 3"],
    new TextEncoder().encode("via stdin"),
    3000,
  );
  assert.equal(r.code, 3);
  assert.equal(new TextDecoder().decode(r.stdout), "via stdin");
  assert.equal(r.stderr, "oops\n");
  assert.equal(r.timedOut, false);
});

Deno.test("runBounded() kills a program that outlives the time limit", async () => {
  // timedOut is set only by the limit's kill; a program left to run would end with code 0.
  const r = await runBounded("/bin/sleep", ["30"], undefined, 200);
  assert.equal(r.timedOut, true);
  assert.notEqual(r.code, 0);
});

Deno.test("runBounded() refuses a flood of output and reports a missing program", async () => {
  await assert.rejects(
    () => runBounded("/bin/sh", ["-c", "head -c 200000 /dev/zero"], undefined, 3000),
    (e) => isPlicoError(e, "platform.unavailable"),
  );
  await assert.rejects(
    () => runBounded("/nonexistent/security", [], undefined, 3000),
    (e) => isPlicoError(e, "platform.unavailable") && /not installed/.test(e.message),
  );
});
