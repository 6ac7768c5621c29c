/**
 * Two profiles with a confirmed session, set up through the real CLI, for end-to-end tests.
 *
 * Setting a pair up takes seven runs of the program (each an Argon2id unlock). Under
 * `deno task test`, which names a scratch directory in `PLICO_TEST_TEMPLATES`, the first test
 * that needs a pair (or a single profile) sets it up there through the CLI, and every later one
 * gets a copy of those directories: a whole profile directory copied is the same profile, as a
 * backup restored whole is (DESIGN §3 "Burn registry"). Each copy is private to its test; the
 * setup itself is still tested run by run in session_cli_test.ts. Without the variable, every
 * call sets up its own.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { TEMPLATES_ENV } from "../../scripts/test_report.ts";
import { type PlicoRun, type RunOptions, runPlico } from "./run_plico.ts";

/** The passphrase of CLI test profiles. */
export const CLI_PASSPHRASE = "orbit lantern velvet 42 quay";

/** Runs plico for one profile. */
export type As = (args: string[], options?: RunOptions) => Promise<PlicoRun>;

/** Copies every entry of `from` into `to` (files, and directories one level down). */
function copyInto(from: string, to: string): void {
  for (const entry of Deno.readDirSync(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) {
      Deno.mkdirSync(target, { mode: 0o700 });
      copyInto(source, target);
    } else {
      Deno.copyFileSync(source, target);
    }
  }
}

/**
 * Fills `root` with what `build` makes: built once per test run in the templates directory
 * (atomically: built aside, then renamed into place; a concurrent builder's copy wins), then
 * copied. Without a templates directory, `build` runs in `root` itself.
 */
async function fromTemplate(
  key: string,
  root: string,
  build: (into: string) => Promise<void>,
): Promise<void> {
  const templates = Deno.env.get(TEMPLATES_ENV);
  if (!templates) return await build(root);
  const ready = join(templates, key);
  if (!isDirectory(ready)) {
    const work = Deno.makeTempDirSync({ dir: templates, prefix: `.${key}-` });
    await build(work);
    try {
      Deno.renameSync(work, ready);
    } catch (e) {
      Deno.removeSync(work, { recursive: true });
      if (!isDirectory(ready)) throw e;
    }
  }
  copyInto(ready, root);
}

function isDirectory(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** `plico` for the profile `name` under `root`, with its passphrase file. */
function profileAt(root: string, name: string): { as: As; dir: string; pass: string } {
  const dir = join(root, name);
  const pass = join(root, `${name}.pass`);
  return {
    dir,
    pass,
    as: (args, options) =>
      runPlico([...args, "--profile", dir, "--passphrase-file", pass], options),
  };
}

/**
 * Creates a passphrase-only profile named `name` under `root` (a copy, see the module doc: two
 * names are two different profiles).
 */
export async function cliProfile(
  root: string,
  name: string,
): Promise<{ as: As; dir: string; pass: string }> {
  const copy = Deno.makeTempDirSync({ dir: root, prefix: `.${name}-` });
  try {
    await fromTemplate(`profile-${name}`, copy, async (into) => {
      const pass = join(into, "p.pass");
      Deno.writeTextFileSync(pass, CLI_PASSPHRASE + "\n");
      const created = await runPlico(
        [
          "profile",
          "create",
          "--profile",
          join(into, "p"),
          "--passphrase-file",
          pass,
          "--passphrase-only",
        ],
      );
      assert.equal(created.code, 0, created.stderr);
    });
    Deno.renameSync(join(copy, "p"), join(root, name));
    Deno.renameSync(join(copy, "p.pass"), join(root, `${name}.pass`));
  } finally {
    Deno.removeSync(copy, { recursive: true });
  }
  return profileAt(root, name);
}

/** Alice and Bob with a confirmed session ("Bob" for Alice, "Alice" for Bob). */
export async function cliPair(root: string, window?: number) {
  await fromTemplate(`pair-${window ?? "default"}`, root, (into) => setUpPair(into, window));
  return { alice: profileAt(root, "alice"), bob: profileAt(root, "bob") };
}

/** Sets Alice and Bob up under `root` through the CLI, run by run. */
async function setUpPair(root: string, window?: number): Promise<void> {
  const alice = await cliProfile(root, "alice");
  const bob = await cliProfile(root, "bob");
  const init = join(root, "bob.init");
  const resp = join(root, "alice.resp");
  const extra = window === undefined ? [] : ["--window", String(window)];
  assert.equal(
    (await alice.as(["session", "new", "--label", "Bob", "--out", init, ...extra])).code,
    0,
  );
  const answered = await bob.as([
    "session",
    "answer",
    init,
    "--label",
    "Alice",
    "--out",
    resp,
    "--json",
  ]);
  assert.equal(answered.code, 0, answered.stderr);
  const bobCode = JSON.parse(answered.stdout).myCode;
  const finished = await alice.as(["session", "finish", resp, "--json"]);
  assert.equal(finished.code, 0, finished.stderr);
  const aliceCode = JSON.parse(finished.stdout).myCode;
  // Each side types the code the other reads aloud (PROTOCOL-handshake §10).
  assert.equal((await alice.as(["session", "confirm", "Bob", "--code", bobCode])).code, 0);
  assert.equal((await bob.as(["session", "confirm", "Alice", "--code", aliceCode])).code, 0);
}
