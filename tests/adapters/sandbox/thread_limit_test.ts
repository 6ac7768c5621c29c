import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT } from "../../support/paths.ts";
import { pidLimitSupport, runInPidsGroup } from "../../support/pid_limit.ts";

const PROBE = join(REPO_ROOT, "tests", "adapters", "sandbox", "thread_limit_probe.ts");
const noLimit = pidLimitSupport();

Deno.test({
  name: "at the thread limit: a clear io error, and Argon2id's lead works alone when its helper " +
    `cannot start${noLimit ? ` (skipped: ${noLimit})` : ""}`,
  ignore: noLimit !== null,
  async fn() {
    const run = await runInPidsGroup(
      Deno.execPath(),
      // All rights: Deno lets only such a program read /proc/self/task (its thread count).
      ["run", "--quiet", "--frozen", "--cached-only", "--allow-all", PROBE],
      REPO_ROOT,
    );
    assert.equal(run.code, 0, run.stderr);
    const got = JSON.parse(run.stdout.trim().split("\n").at(-1)!);
    assert.ok(got.idle >= 1, run.stdout);
    // Deno says only "WouldBlock" when a thread cannot start: never shown as a bug in Plico.
    const limit = /could not start a thread for .*limit on threads or processes is reached/;
    assert.equal(got.refused.code, "io");
    assert.match(got.refused.message, limit);
    assert.equal(got.full.code, "io");
    assert.match(got.full.message, /for the key derivation/);
    // One thread free: the lead takes it and fills every lane alone; the tag is the same.
    assert.equal(got.oneFree.tag, got.expected, JSON.stringify(got.oneFree));
  },
});
