/**
 * Two profiles with a confirmed session, set up through the real CLI, for end-to-end tests.
 *
 * Setting a pair up takes seven runs of the program (each an Argon2id unlock), so it is done
 * once per `deno task test` run and copied (`templates.ts`); the setup itself is still tested
 * run by run in session_cli_test.ts.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { type PlicoRun, type RunOptions, runPlico } from "./run_plico.ts";
import { fromTemplate } from "./templates.ts";

/** The passphrase of CLI test profiles. */
export const CLI_PASSPHRASE = "orbit lantern velvet 42 quay";

/** Runs plico for one profile. */
export type As = (args: string[], options?: RunOptions) => Promise<PlicoRun>;

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
  await fromTemplate(`profile-${name}`, root, async (into) => {
    const { dir, pass } = profileAt(into, name);
    Deno.writeTextFileSync(pass, CLI_PASSPHRASE + "\n");
    const created = await runPlico(
      ["profile", "create", "--profile", dir, "--passphrase-file", pass, "--passphrase-only"],
    );
    assert.equal(created.code, 0, created.stderr);
  });
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
