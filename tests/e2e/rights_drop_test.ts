/**
 * Every command of the real program drops exactly the rights HARDENING §1 lists, before
 * it touches any input. The program runs as shipped (`plicoArgv`: the `plico` task's flags and
 * permission set, `main.ts`), with `tests/e2e/rights_probe_preload.ts` loaded in front of it to
 * record the rights it holds at its first file or stdin access, when it starts serving, and
 * when it exits (tests/support/probe_plico.ts). Nothing in the program is changed or called from the test: deleting the
 * `dropRights` call in `adapters/cli/run_cli.ts`, or its wiring in `main.ts`, fails this test.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { COMMANDS } from "../../adapters/cli/commands/index.ts";
import { CLI_PASSPHRASE } from "../support/cli_pair.ts";
import { type ProbedRights, probePlico } from "../support/probe_plico.ts";
import { tempDir } from "../support/run_plico.ts";

type Rights = ProbedRights;

/** HARDENING §1, written out again here so that a change to command.ts cannot agree with itself. */
const NONE: Rights = { loopback: "denied", credentialStore: "denied", env: "denied" };
const PROFILE: Rights = { loopback: "denied", credentialStore: "granted", env: "granted" };
const UI: Rights = { loopback: "granted", credentialStore: "granted", env: "granted" };

const probe = probePlico;

Deno.test("every command drops exactly its documented rights before touching any input", async () => {
  const tmp = tempDir("plico-rights-");
  try {
    const p = (name: string) => join(tmp.path, name);
    const pass = p("pass");
    Deno.writeTextFileSync(pass, CLI_PASSPHRASE + "\n");
    Deno.writeTextFileSync(p("junk"), "not a Plico file\n");
    Deno.writeTextFileSync(p("short"), "x\n"); // a new passphrase the policy refuses
    const profile = p("profile");
    const created = await probe([
      "profile",
      "create",
      "--profile",
      profile,
      "--passphrase-file",
      pass,
      "--passphrase-only",
    ]);
    assert.ok(created.records.some((r) => r.event === "exit"), created.stderr);
    const withProfile = ["--profile", profile, "--passphrase-file", pass];

    // Each argv parses (a usage error ends the program before the drop), and reaches an input.
    const cases: Record<string, { args: string[]; rights: Rights }> = {
      "profile create": {
        args: ["--profile", p("second"), "--passphrase-file", pass, "--passphrase-only"],
        rights: PROFILE,
      },
      "profile unlock": { args: withProfile, rights: PROFILE },
      "profile status": { args: ["--profile", profile], rights: PROFILE },
      "profile passphrase": {
        args: [...withProfile, "--new-passphrase-file", p("short")],
        rights: PROFILE,
      },
      "profile bind": { args: withProfile, rights: PROFILE },
      "profile accept-copy": { args: [...withProfile, "--remove-sessions"], rights: PROFILE },
      "session new": {
        args: [...withProfile, "--label", "Bob", "--out", p("init")],
        rights: PROFILE,
      },
      "session answer": {
        args: [p("junk"), ...withProfile, "--label", "Alice", "--out", p("resp")],
        rights: PROFILE,
      },
      "session finish": { args: [p("junk"), ...withProfile], rights: PROFILE },
      "session confirm": {
        args: ["Bob", ...withProfile, "--code", "00000 00000 00000 00000 00000 00000"],
        rights: PROFILE,
      },
      "session list": { args: withProfile, rights: PROFILE },
      "session show": { args: ["Bob", ...withProfile], rights: PROFILE },
      "session export": { args: ["Bob", ...withProfile, "--out", p("export")], rights: PROFILE },
      "session remove": { args: ["Bob", ...withProfile], rights: PROFILE },
      "seal": {
        args: [...withProfile, "--to", "Bob", "--message-file", p("junk"), "--out", p("env")],
        rights: PROFILE,
      },
      "open": { args: [p("junk"), ...withProfile, "--out-dir", p("out")], rights: PROFILE },
      "carrier embed": {
        args: [p("junk"), "--cover", p("junk"), "--out", p("png")],
        rights: NONE,
      },
      "carrier extract": { args: [p("junk"), "--out", p("extracted")], rights: NONE },
      "carrier capacity": { args: [p("junk")], rights: NONE },
      "qr": { args: ["--read", p("junk"), "--out", p("qr-read")], rights: NONE },
      "inspect": { args: [p("junk")], rights: NONE },
      "shell": { args: withProfile, rights: PROFILE },
      "ui": { args: ["--profile", profile], rights: UI },
      "verify-release": { args: [p("junk"), p("junk")], rights: NONE },
      "version": { args: [], rights: NONE },
    };
    assert.deepEqual(
      Object.keys(cases).sort(),
      COMMANDS.map((c) => c.name.join(" ")).sort(),
      "every command needs a row here and in HARDENING §1",
    );

    // `version` reads nothing; `ui` takes its input over the server it starts (recorded as
    // "serve"); `shell` without a terminal refuses to start; every other command here is given
    // an input to touch.
    const readsNothing = new Set(["version", "ui", "shell"]);
    const check = async (
      [name, { args, rights }]: [string, { args: string[]; rights: Rights }],
    ) => {
      const { records, stderr } = await probe([...name.split(" "), ...args]);
      const ends = records.filter((r) => r.event === "exit" || r.event === "serve");
      assert.equal(ends.length, 1, `${name}: no exit recorded\n${stderr}`);
      const input = records.find((r) => r.event === "input");
      if (!readsNothing.has(name)) assert.ok(input, `${name}: touched no input\n${stderr}`);
      for (const r of records.filter((r) => r.event !== "worker")) {
        assert.deepEqual(r.rights, rights, `${name}, at ${r.event} ${r.detail}\n${stderr}`);
      }
    };
    // Three at a time: independent processes, and each profile command waits on Argon2id.
    const queue = Object.entries(cases);
    await Promise.all(
      [0, 1, 2].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await check(next);
      }),
    );
  } finally {
    tmp.remove();
  }
});
