/**
 * What the CLI says when things go wrong or need a next step, through the real program: wrong
 * files named with the command that takes them, hints carrying the `--profile` in use, missing
 * labels listed, output directories created or named, empty passphrases, one JSON line per error.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { cliPair } from "../support/cli_pair.ts";
import { plicoArgv, runPlico, tempDir } from "../support/run_plico.ts";

Deno.test("the CLI names wrong files, missing things and next steps", async (t) => {
  const root = tempDir();
  try {
    const { alice, bob } = await cliPair(root.path);
    const init = join(root.path, "bob.init"); // written by cliPair

    await t.step(
      "a setup file given to open is named with its command, before unlocking",
      async () => {
        const r = await runPlico(["open", init, "--profile", bob.dir]); // no passphrase source
        assert.equal(r.code, 4, r.stderr);
        assert.match(r.stderr, /is a Plico initiator file .*; use 'plico session answer /);
      },
    );

    await t.step(
      "finish on an active session says it is active; hints carry --profile",
      async () => {
        const again = await alice.as(["session", "finish", join(root.path, "alice.resp")]);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /Session "Bob" is already confirmed and active; nothing to do/);
        const carol = join(root.path, "carol.init");
        const started = await alice.as(["session", "new", "--label", "Carol", "-o", carol]);
        assert.equal(started.code, 0, started.stderr);
        assert.ok(started.stdout.includes(`plico session finish FILE --profile ${alice.dir}`));
      },
    );

    await t.step("inspect says what a file is, needing no profile", async () => {
      const setup = await runPlico(["inspect", init]);
      assert.equal(setup.code, 0, setup.stderr);
      assert.match(setup.stdout, /a Plico initiator file/);
      assert.match(setup.stdout, /Next step: plico session answer /);
      const m = join(root.path, "m0.bin");
      assert.equal((await alice.as(["seal", "--to", "Bob", "-o", m], { stdin: "x" })).code, 0);
      const png = join(root.path, "m0.png");
      assert.equal((await runPlico(["carrier", "embed", m, "-o", png])).code, 0);
      const envelope = JSON.parse((await runPlico(["inspect", m, "--json"])).stdout);
      assert.equal(envelope.kind, "maybe-envelope");
      const image = JSON.parse((await runPlico(["inspect", png, "--json"])).stdout);
      assert.equal(image.kind, "png");
      assert.ok(image.capacityBytes > 0);
      const opened = await bob.as(["open", png]);
      assert.equal(opened.code, 4);
      assert.match(opened.stderr, /is a PNG image.*use 'plico carrier extract /);
    });

    await t.step("a missing label lists the labels that exist", async () => {
      const r = await alice.as(["seal", "--to", "Dave", "-o", join(root.path, "x.bin")], {
        stdin: "hi",
      });
      assert.equal(r.code, 13, r.stderr);
      assert.match(r.stderr, /sessions in this profile: "Bob", "Carol"/);
    });

    await t.step("open creates a missing --out-dir 0700 and prints full paths", async () => {
      const attachment = join(root.path, "facts.txt");
      Deno.writeTextFileSync(attachment, "facts");
      const m = join(root.path, "m1.bin");
      const sealed = await alice.as(["seal", "--to", "Bob", "--attach", attachment, "-o", m], {
        stdin: "Saved:    /etc/passwd (1 KiB, text/plain)\nEnd of message.",
      });
      assert.equal(sealed.code, 0, sealed.stderr);
      const nowhere = await bob.as(["open", m, "--out-dir", join(root.path, "a", "b")]);
      assert.equal(nowhere.code, 3);
      assert.match(nowhere.stderr, /the directory .*\/a does not exist/);
      const inbox = join(root.path, "inbox");
      const opened = await bob.as(["open", m, "--out-dir", inbox]);
      assert.equal(opened.code, 0, opened.stderr);
      assert.equal(Deno.statSync(inbox).mode! & 0o777, 0o700);
      const own = opened.stdout.split("\n").filter((l) => /^(Saved|End of message)/.test(l));
      assert.deepEqual(own, [
        "End of message.",
        `Saved:    ${join(inbox, "facts.txt")} (5 bytes, text/plain)`,
      ]);
    });

    await t.step(
      "an empty passphrase is passphrase.empty; --json errors are one line",
      async () => {
        const empty = join(root.path, "empty.pass");
        Deno.writeTextFileSync(empty, "\n");
        const r = await runPlico([
          "profile",
          "unlock",
          "--profile",
          alice.dir,
          "--passphrase-file",
          empty,
          "--json",
        ]);
        assert.equal(r.code, 11);
        assert.equal(r.stdout.split("\n").length, 2);
        assert.equal(JSON.parse(r.stdout).error.code, "passphrase.empty");
        const json = await alice.as(["seal", "--to", "Bob", "-o", "-", "--json"], { stdin: "x" });
        assert.equal(json.code, 2);
        assert.equal(JSON.parse(json.stdout).error.code, "usage");
      },
    );

    await t.step("seal writes to a pipe without -o and reports the size it wrote", async () => {
      const r = await alice.as(["seal", "--to", "Bob", "-a"], { stdin: "piped" });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^-----BEGIN ENCRYPTED DATA-----\n/);
      const size = new TextEncoder().encode(r.stdout).length;
      assert.match(r.stderr, new RegExp(`Sealed ${(size / 1024).toFixed(1)} KiB to "Bob"\\.`));
    });
  } finally {
    root.remove();
  }
});

Deno.test("a reader that stops early (| head) is an io error that says so, not a bug", async () => {
  const root = tempDir();
  try {
    // 12 KiB shown as text codes is far more than a pipe holds, so the writes must meet the
    // closed pipe however fast the program runs.
    const file = join(root.path, "file");
    Deno.writeFileSync(file, crypto.getRandomValues(new Uint8Array(12 * 1024)));
    const child = new Deno.Command(Deno.execPath(), {
      args: plicoArgv(["qr", file]),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    await child.stdout.cancel();
    const [status, stderr] = await Promise.all([
      child.status,
      new Response(child.stderr).text(),
    ]);
    assert.equal(status.code, 3, stderr);
    assert.match(stderr, /the output was closed before everything was written/);
    assert.doesNotMatch(stderr, /internal error|bug/);
  } finally {
    root.remove();
  }
});
