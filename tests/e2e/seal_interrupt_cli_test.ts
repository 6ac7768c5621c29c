/**
 * Ctrl-C or SIGTERM during a seal: the unfinished envelope file goes, no file appears under the
 * output name, the command ends with `interrupted` (exit 130), and the session still works.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { cliPair } from "../support/cli_pair.ts";
import { plicoArgv, tempDir } from "../support/run_plico.ts";
import { REPO_ROOT } from "../support/paths.ts";

/** Generous bound for the partial file to appear (a condition, not a sleep). */
const APPEAR_MS = 120_000;

Deno.test("SIGINT or SIGTERM during a seal leaves no file behind and changes nothing else", async () => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const big = join(tmp.path, "big.bin");
    // Large enough that the seal is still writing when the signal comes, on any machine.
    const file = Deno.openSync(big, { write: true, create: true });
    file.truncateSync(1024 * 1024 * 1024);
    file.close();
    const msg = join(tmp.path, "msg.txt");
    Deno.writeTextFileSync(msg, "interrupted");
    for (const [i, signal] of (["SIGINT", "SIGTERM"] as const).entries()) {
      const out = join(tmp.path, `out${i}`);
      Deno.mkdirSync(out);
      const target = join(out, "m1.bin");
      const child = new Deno.Command(Deno.execPath(), {
        args: plicoArgv([
          "seal",
          "--to",
          "Bob",
          "-m",
          msg,
          "--attach",
          big,
          "-o",
          target,
          "--profile",
          join(tmp.path, "alice"),
          "--passphrase-file",
          join(tmp.path, "alice.pass"),
        ]),
        cwd: REPO_ROOT,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const deadline = Date.now() + APPEAR_MS;
      const partial = () => [...Deno.readDirSync(out)].some((e) => e.name.includes(".partial-"));
      while (!partial()) {
        assert.ok(Date.now() < deadline, "the seal never started writing");
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill(signal);
      const done = await child.output();
      const stderr = new TextDecoder().decode(done.stderr);
      assert.equal(done.code, 130, stderr);
      assert.match(stderr, /interrupted while sealing; no envelope was written/);
      assert.deepEqual([...Deno.readDirSync(out)].map((e) => e.name), [], signal);
    }

    // The session goes on: the next envelope opens.
    const next = join(tmp.path, "m2.bin");
    const sealed = await alice.as(["seal", "--to", "Bob", "-o", next], { stdin: "after" });
    assert.equal(sealed.code, 0, sealed.stderr);
    const opened = await bob.as(["open", next, "--out-dir", tmp.path]);
    assert.equal(opened.code, 0, opened.stderr);
    assert.match(opened.stdout, /after/);
  } finally {
    tmp.remove();
  }
});
