import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT } from "../support/paths.ts";

Deno.test("deno task build fails with a clear message when DENORT_BIN names no runtime", async () => {
  const out = Deno.makeTempDirSync({ prefix: "plico-build-" });
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "build", "--out", out],
      cwd: REPO_ROOT,
      env: { DENORT_BIN: join(out, "no-such-denort"), NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.notEqual(run.code, 0);
    const stderr = new TextDecoder().decode(run.stderr);
    assert.match(stderr, /DENORT_BIN=.*no-such-denort is not a readable file/);
    assert.deepEqual([...Deno.readDirSync(out)], [], "nothing was written");
  } finally {
    Deno.removeSync(out, { recursive: true });
  }
});
