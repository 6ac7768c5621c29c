/**
 * A read-only volume, a full disk and a profile busy in another process are named as such
 * (`io`, exit 3), not as a damaged profile. The volumes are a tmpfs mounted for the test (root
 * only; skipped otherwise).
 *
 * @module
 */

import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { CLI_PASSPHRASE } from "../support/cli_pair.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";

function mount(args: string[]): boolean {
  try {
    return new Deno.Command("mount", { args, stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

function canMount(): boolean {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return false;
  const probe = tempDir("plico-mount-probe-");
  try {
    if (!mount(["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.path])) return false;
    new Deno.Command("umount", { args: [probe.path] }).outputSync();
    return true;
  } finally {
    probe.remove();
  }
}

Deno.test({
  name: "a read-only volume and a full disk are io errors saying so",
  ignore: !canMount(),
  async fn() {
    const root = tempDir();
    const volume = join(root.path, "volume");
    Deno.mkdirSync(volume);
    assert.ok(mount(["-t", "tmpfs", "-o", "size=8m", "tmpfs", volume]));
    try {
      const pass = join(root.path, "pass");
      Deno.writeTextFileSync(pass, CLI_PASSPHRASE);
      const profile = join(volume, "p");
      const as = (args: string[]) =>
        runPlico([...args, "--profile", profile, "--passphrase-file", pass]);
      assert.equal((await as(["profile", "create", "--passphrase-only"])).code, 0);

      assert.ok(mount(["-o", "remount,ro", volume]));
      const readOnly = await as(["session", "list"]);
      assert.equal(readOnly.code, 3, readOnly.stderr);
      assert.match(readOnly.stderr, /the volume is read-only/);
      // An output there is refused before any passphrase is asked (none is given here).
      const output = await runPlico(
        ["seal", "--to", "Bob", "-o", join(volume, "m1.bin"), "--profile", profile],
        { stdin: "hello" },
      );
      assert.equal(output.code, 3, output.stderr);
      assert.match(output.stderr, /the volume is read-only/);

      assert.ok(mount(["-o", "remount,rw", volume]));
      const filler = await Deno.open(join(volume, "filler"), { write: true, create: true });
      try {
        const block = new Uint8Array(1024 * 1024);
        for (;;) await filler.write(block);
      } catch {
        /* full */
      } finally {
        filler.close();
      }
      const full = await as(["session", "new", "--label", "Bob", "-o", join(root.path, "s.bin")]);
      assert.equal(full.code, 3, full.stderr);
      assert.match(full.stderr, /the disk is full/);
    } finally {
      new Deno.Command("umount", { args: ["-l", volume] }).outputSync();
      root.remove();
    }
  },
});

Deno.test("a profile held by another process is an io error saying it is busy", async () => {
  const root = tempDir();
  try {
    const pass = join(root.path, "pass");
    Deno.writeTextFileSync(pass, CLI_PASSPHRASE);
    const profile = join(root.path, "p");
    const as = (args: string[]) =>
      runPlico([...args, "--profile", profile, "--passphrase-file", pass]);
    assert.equal((await as(["profile", "create", "--passphrase-only"])).code, 0);
    // Another process in the middle of a write transaction, for longer than Plico waits.
    const holder = new DatabaseSync(join(profile, "profile.db"));
    holder.exec("BEGIN EXCLUSIVE");
    try {
      const busy = await as(["session", "list"]);
      assert.equal(busy.code, 3, busy.stderr);
      assert.match(busy.stderr, /the profile is busy in another Plico process/);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  } finally {
    root.remove();
  }
});
