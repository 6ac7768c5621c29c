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
      /standard input is the shell's script here; name a file instead \(seal -m FILE, open FILE, --passphrase-file FILE\)/,
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
    assert.match(run.stderr, /in a script give the passphrase with --passphrase-file PATH/);
    assert.doesNotMatch(run.stderr, /--passphrase-fd/);
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

Deno.test("plico shell in a script checks each line as when run alone, before any passphrase", async () => {
  const tmp = tempDir();
  try {
    const alice = await cliProfile(tmp.path, "alice");
    const bob = await cliProfile(tmp.path, "bob");
    const wrong = join(tmp.path, "wrong.pass");
    Deno.writeTextFileSync(wrong, "not the passphrase at all\n");
    const bobDir = `'${bob.dir}'`;
    const cases: [string, number, RegExp][] = [
      // A wrong line is a usage error, not a passphrase prompt (there is no terminal to ask on).
      [`open --profile ${bobDir}\n`, EXIT_CODES.usage, /'plico open' takes 1 argument/],
      // A command that needs no passphrase asks none, also for a profile the shell does not hold.
      [`profile status --profile ${bobDir}\n`, 0, /plico> profile status/],
      // A passphrase named on the line is checked even when the sitting holds the profile.
      [
        `session list --profile ${bobDir} --passphrase-file '${bob.pass}'\n` +
        `profile unlock --profile ${bobDir} --passphrase-file '${wrong}'\n`,
        EXIT_CODES["profile.bad_passphrase"],
        /stopped at line 2 /,
      ],
      // The shell's --profile goes before `--`, where it is an option, not a file name.
      [`open -- missing.bin\n`, EXIT_CODES.io, /missing\.bin/],
      ["exit 3\nversion\n", 3, /plico> exit 3\n/],
      ["exit now\n", EXIT_CODES.usage, /takes at most an exit status from 0 to 255/],
      // Control characters of a line are not echoed to the terminal as they are.
      ["version \x1b]0;title\x07\n", EXIT_CODES.usage, /plico> version \uFFFD\]0;title\uFFFD/],
    ];
    for (const [script, code, pattern] of cases) {
      const run = await shellScript(alice, script, tmp.path);
      assert.equal(run.code, code, `${JSON.stringify(script)}:\n${run.stderr}`);
      assert.match(run.stderr, pattern, JSON.stringify(script));
      assert.doesNotMatch(run.stderr, /no terminal/, JSON.stringify(script));
      assert.ok(!run.stderr.includes("\x1b") && !run.stderr.includes("\x07"), "no control bytes");
    }
    // With --json, an error inside the script is one JSON line on standard output.
    const json = await shellScript(
      alice,
      `session list --json --profile '${join(tmp.path, "nobody")}'\n`,
      tmp.path,
    );
    assert.equal(json.code, EXIT_CODES["profile.not_found"], json.stderr);
    assert.equal(JSON.parse(json.stdout).error.code, "profile.not_found");
    // The shell's own passphrase cannot come from standard input: that is the script.
    const fd = await runPlico(
      ["shell", "--profile", alice.dir, "--passphrase-fd", "0"],
      { stdin: "orbit lantern velvet 42 quay\nversion\n", cwd: tmp.path },
    );
    assert.equal(fd.code, EXIT_CODES.usage, fd.stderr);
    assert.match(fd.stderr, /give the passphrase with --passphrase-file FILE/);
  } finally {
    tmp.remove();
  }
});
