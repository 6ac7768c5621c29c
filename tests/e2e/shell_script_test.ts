/**
 * `plico shell` with a script on standard input, through the real program under the shipped
 * permissions and without a terminal: the passphrases come from files, so any prompt would
 * fail ("no terminal") — which is how these tests see that a held profile asks nothing.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { EXIT_CODES } from "../../adapters/cli/exit_codes.ts";
import { cliProfile } from "../support/cli_pair.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";

/** Runs `plico shell` for `profile` with `script` on standard input (no terminal). */
function shellScript(profile: { dir: string; pass: string }, script: string, cwd: string) {
  return runPlico(
    ["shell", "--profile", profile.dir, "--passphrase-file", profile.pass, "--quiet"],
    { stdin: script, cwd },
  );
}

Deno.test("plico shell runs a script: another profile is unlocked once, the first failing line stops it", async () => {
  const tmp = tempDir();
  try {
    const alice = await cliProfile(tmp.path, "alice");
    const bob = await cliProfile(tmp.path, "bob");
    const script = [
      "# Bob's profile is unlocked by its first use, then held",
      `session list --profile '${bob.dir}' --passphrase-file '${bob.pass}'`,
      "",
      `session list --profile '${bob.dir}'`,
      "session list",
      "session show Nobody",
      "session list --json",
    ].join("\n") + "\n";
    const run = await shellScript(alice, script, tmp.path);
    assert.equal(run.code, EXIT_CODES["session.not_found"], run.stderr);
    assert.match(run.stderr, /Unlocked .*alice; running the commands from standard input\./);
    // Three lists ran, the held profile asked nothing (there is no terminal to ask on).
    assert.equal(run.stderr.match(/^plico> session list/gm)?.length, 3, run.stderr);
    assert.doesNotMatch(run.stderr, /Passphrase for|terminal/);
    assert.match(run.stderr, /^plico> session show Nobody$/m);
    assert.match(run.stderr, /stopped at line 6 \(exit \d+\); the lines after it were not run\./);
    assert.doesNotMatch(run.stdout + run.stderr, /session list --json/);
    assert.match(run.stderr, /Locked; the keys are wiped\.\n$/);
  } finally {
    tmp.remove();
  }
});

Deno.test("plico shell in a script refuses a message from standard input, and stops there", async () => {
  const tmp = tempDir();
  try {
    const alice = await cliProfile(tmp.path, "alice");
    const run = await shellScript(alice, "seal --to Bob -o m.bin\nsession list\n", tmp.path);
    assert.equal(run.code, EXIT_CODES.usage, run.stderr);
    assert.match(
      run.stderr,
      /standard input is the shell's script here; name a file instead \(seal -m FILE, open FILE\)/,
    );
    assert.match(run.stderr, /stopped at line 1 /);
    assert.doesNotMatch(run.stderr, /plico> session list/);
    assert.throws(() => Deno.statSync(join(tmp.path, "m.bin")), Deno.errors.NotFound);
  } finally {
    tmp.remove();
  }
});

Deno.test("plico shell in a script: a profile it cannot unlock stops the script with that error", async () => {
  const tmp = tempDir();
  try {
    const alice = await cliProfile(tmp.path, "alice");
    const bob = await cliProfile(tmp.path, "bob");
    const run = await shellScript(
      alice,
      `session list --profile '${bob.dir}'\nsession list\n`,
      tmp.path,
    );
    // No passphrase source for Bob's profile and no terminal to ask on.
    assert.equal(run.code, EXIT_CODES["passphrase.unavailable"], run.stderr);
    assert.match(run.stderr, /stopped at line 1 /);
    assert.equal(run.stderr.match(/^plico> /gm)?.length, 1, run.stderr);
    const missing = await shellScript(
      alice,
      `session list --profile '${join(tmp.path, "nobody")}'\n`,
      tmp.path,
    );
    assert.equal(missing.code, EXIT_CODES["profile.not_found"], missing.stderr);
    assert.match(missing.stderr, /stopped at line 1 /);
  } finally {
    tmp.remove();
  }
});
