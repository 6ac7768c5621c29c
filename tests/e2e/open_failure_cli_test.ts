/**
 * Environmental failures of `plico open` through the real CLI (issue 14, DESIGN §3 "Open"):
 * each one happens before the commit, so the envelope is not burned and still opens; and
 * outputs work on an exFAT stick, which has no hard links.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { cliPair } from "../support/cli_pair.ts";
import { mountExfat, mountSupport, mountTmpfs } from "../support/mounts.ts";
import { plicoArgv, tempDir } from "../support/run_plico.ts";

const noMounts = await mountSupport();
if (noMounts !== null) console.warn(`open_failure_cli_test: skipped: ${noMounts}`);

/** `plico open` as a child process the test can signal. */
function spawnOpen(envelope: string, dir: string, who: { dir: string; pass: string }) {
  return new Deno.Command(Deno.execPath(), {
    args: plicoArgv(
      ["open", envelope, "--out-dir", dir, "--profile", who.dir, "--passphrase-file", who.pass],
    ),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

function listing(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

Deno.test({
  name: "read-only dir, full disk, exhausted names: nothing burned; then it opens onto exFAT",
  ignore: noMounts !== null,
  async fn() {
    const tmp = tempDir();
    const mounts: { unmount(): Promise<void> }[] = [];
    try {
      const { alice, bob } = await cliPair(tmp.path);
      const stick = await mountExfat(tmp.path);
      mounts.push(stick);
      // Every kind of output lands on the stick: a setup file and an envelope.
      const setup = await alice.as([
        "session",
        "new",
        "--label",
        "Carol",
        "--out",
        join(stick.dir, "carol.init"),
      ]);
      assert.equal(setup.code, 0, setup.stderr);
      const report = systemRandom.randomBytes(2 * 1024 * 1024 + 123);
      Deno.writeFileSync(join(tmp.path, "report.pdf"), report);
      const envelope = join(stick.dir, "e.plico");
      const sealed = await alice.as(
        ["seal", "--to", "Bob", "--out", envelope, "--attach", join(tmp.path, "report.pdf")],
        { stdin: "the text must survive" },
      );
      assert.equal(sealed.code, 0, sealed.stderr);

      // The default output directory (.) is read-only.
      const readOnly = await mountTmpfs(tmp.path, 4 * 1024 * 1024, true);
      mounts.push(readOnly);
      const ro = await bob.as(["open", envelope], { cwd: readOnly.dir });
      assert.equal(ro.code, 3, ro.stderr);
      assert.match(ro.stderr, /read-only/);
      assert.doesNotMatch(ro.stdout, /the text must survive/);

      const small = await mountTmpfs(tmp.path, 1024 * 1024);
      mounts.push(small);
      const full = await bob.as(["open", envelope, "--out-dir", small.dir]);
      assert.equal(full.code, 3, full.stderr);
      assert.match(full.stderr, /full|no space/i);
      assert.deepEqual(listing(small.dir), []);

      const crowded = join(tmp.path, "crowded");
      Deno.mkdirSync(crowded);
      Deno.writeFileSync(join(crowded, "report.pdf"), new Uint8Array(0));
      for (let i = 1; i <= 9999; i++) {
        Deno.writeFileSync(join(crowded, `report (${i}).pdf`), new Uint8Array(0));
      }
      const names = await bob.as(["open", envelope, "--out-dir", crowded]);
      assert.equal(names.code, 3, names.stderr);
      assert.match(names.stderr, /no free file name/);
      assert.equal(listing(crowded).length, 10_000);
      assert.ok(listing(crowded).every((n) => !n.startsWith(".")));

      // Nothing was burned: it opens now, onto the stick.
      const out = join(stick.dir, "in");
      Deno.mkdirSync(out);
      const opened = await bob.as(["open", envelope, "--out-dir", out]);
      assert.equal(opened.code, 0, opened.stderr);
      assert.match(opened.stdout, /the text must survive/);
      assert.deepEqual(listing(out), ["report.pdf"]);
      assert.deepEqual(Deno.readFileSync(join(out, "report.pdf")), report);
      const again = await bob.as(["open", envelope, "--out-dir", out]);
      assert.equal(again.code, 16, again.stderr);
    } finally {
      for (const m of mounts.reverse()) await m.unmount();
      tmp.remove();
    }
  },
});

Deno.test({
  name: "a directory swapped for a symlink mid-open, Ctrl-Z past the time limit; open - works",
  async fn() {
    const tmp = tempDir();
    try {
      const { alice, bob } = await cliPair(tmp.path);
      const data = systemRandom.randomBytes(16 * 1024 * 1024);
      Deno.writeFileSync(join(tmp.path, "big.bin"), data);
      const envelope = join(tmp.path, "e.plico");
      const sealed = await alice.as(
        ["seal", "--to", "Bob", "--out", envelope, "--attach", join(tmp.path, "big.bin")],
        { stdin: "swap" },
      );
      assert.equal(sealed.code, 0, sealed.stderr);
      const incoming = join(tmp.path, "incoming");
      const moved = join(tmp.path, "incoming.moved");
      const elsewhere = join(tmp.path, "elsewhere");
      Deno.mkdirSync(incoming);
      Deno.mkdirSync(elsewhere);
      const child = spawnOpen(envelope, incoming, bob);
      // Swap as soon as the open started staging the attachment (or when it has already
      // finished). Not at the first file seen: the write check's probe comes before the pin.
      let exited = false;
      const output = child.output().finally(() => (exited = true));
      for (let i = 0; i < 6000 && !exited; i++) {
        if (listing(incoming).some((n) => n.startsWith(".partial-"))) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      Deno.renameSync(incoming, moved);
      Deno.symlinkSync(elsewhere, incoming);
      const out = await output;
      const stderr = new TextDecoder().decode(out.stderr);
      assert.deepEqual(listing(elsewhere), [], stderr);
      if (out.code === 0) {
        // It finished before the swap: everything is in the original directory.
        assert.deepEqual(Deno.readFileSync(join(moved, "big.bin")), data);
      } else {
        assert.equal(out.code, 3, stderr);
        assert.match(stderr, /moved, replaced or made a symbolic link/);
        assert.ok(listing(moved).every((n) => Deno.statSync(join(moved, n)).size === 0));
        // Not burned: it opens into a real directory.
        const fresh = join(tmp.path, "fresh");
        Deno.mkdirSync(fresh);
        const opened = await bob.as(["open", envelope, "--out-dir", fresh]);
        assert.equal(opened.code, 0, opened.stderr);
        assert.deepEqual(Deno.readFileSync(join(fresh, "big.bin")), data);
      }

      // `open -` spools standard input to a private temporary file and removes it afterwards.
      const piped = join(tmp.path, "piped.plico");
      const small = await alice.as(["seal", "--to", "Bob", "--out", piped], { stdin: "via stdin" });
      assert.equal(small.code, 0, small.stderr);
      const viaStdin = await bob.as(["open", "-", "--out-dir", tmp.path], {
        stdin: Deno.readFileSync(piped),
      });
      assert.equal(viaStdin.code, 0, viaStdin.stderr);
      assert.match(viaStdin.stdout, /via stdin/);

      // Ctrl-Z (SIGSTOP) during the open, resumed after the sandbox's time limit: either the
      // limit stopped it before its commit (nothing changed) or it finished; never burned
      // without the message.
      const paused = join(tmp.path, "paused.plico");
      const pausedSeal = await alice.as(
        ["seal", "--to", "Bob", "--out", paused, "--attach", join(tmp.path, "big.bin")],
        { stdin: "paused" },
      );
      assert.equal(pausedSeal.code, 0, pausedSeal.stderr);
      const pausedDir = join(tmp.path, "paused");
      Deno.mkdirSync(pausedDir);
      const stopped = spawnOpen(paused, pausedDir, bob);
      let done = false;
      const result = stopped.output().finally(() => (done = true));
      for (let i = 0; i < 6000 && !done && listing(pausedDir).length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      if (!done) {
        stopped.kill("SIGSTOP");
        // The limit is 60 s plus 1 s per MiB of envelope (17 s here): wait past it.
        const limitMs = 60_000 + Math.ceil(Deno.statSync(paused).size / 1048576) * 1000;
        await new Promise((r) => setTimeout(r, limitMs + 5_000));
        stopped.kill("SIGCONT");
      }
      const after = await result;
      const afterErr = new TextDecoder().decode(after.stderr);
      const afterOut = new TextDecoder().decode(after.stdout);
      if (after.code === 0) {
        assert.match(afterOut, /paused/);
        assert.deepEqual(Deno.readFileSync(join(pausedDir, "big.bin")), data);
      } else {
        assert.equal(after.code, 130, afterErr);
        assert.match(afterErr, /nothing changed/);
        assert.deepEqual(listing(pausedDir), []);
        const retry = await bob.as(["open", paused, "--out-dir", pausedDir]);
        assert.equal(retry.code, 0, retry.stderr);
        assert.deepEqual(Deno.readFileSync(join(pausedDir, "big.bin")), data);
      }
    } finally {
      tmp.remove();
    }
  },
});
