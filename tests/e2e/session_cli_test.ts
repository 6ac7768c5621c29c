import assert from "node:assert/strict";
import { join } from "node:path";
import { runPlico, tempDir } from "../support/run_plico.ts";

const PASS = "orbit lantern velvet 42 quay";

async function profile(root: string, name: string) {
  const pass = join(root, `${name}.pass`);
  Deno.writeTextFileSync(pass, PASS + "\n");
  const dir = join(root, name);
  const created = await runPlico(
    ["profile", "create", "--profile", dir, "--passphrase-file", pass, "--passphrase-only"],
  );
  assert.equal(created.code, 0, created.stderr);
  return (args: string[]) => runPlico([...args, "--profile", dir, "--passphrase-file", pass]);
}

Deno.test("two profiles set up a session through the CLI and confirm it with the safety code", async () => {
  const tmp = tempDir();
  try {
    const alice = await profile(tmp.path, "alice");
    const bob = await profile(tmp.path, "bob");
    const init = join(tmp.path, "bob.init");
    const resp = join(tmp.path, "alice.resp");

    const started = await alice(["session", "new", "--label", "Bob", "--out", init]);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /Send the initiator file to Bob/);
    const taken = await alice(["session", "new", "--label", "Bob2", "--out", init]);
    assert.equal(taken.code, 3); // the output exists: refused before any work
    const refuse = await alice(["session", "new", "--label", "Bob", "--out", init + "2"]);
    assert.equal(refuse.code, 13); // the label exists

    const answered = await bob([
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
    const bobView = JSON.parse(answered.stdout);
    assert.match(bobView.safetyCode, /^\d{5}( \d{5}){5}$/);

    const finished = await alice(["session", "finish", resp, "--json"]);
    assert.equal(finished.code, 0, finished.stderr);
    assert.equal(JSON.parse(finished.stdout).safetyCode, bobView.safetyCode);

    const listed = await alice(["session", "list", "--json"]);
    assert.equal(JSON.parse(listed.stdout)[0].state, "unconfirmed");

    const wrong = await alice(["session", "confirm", "Bob", "--code", "0".repeat(30)]);
    assert.equal(wrong.code, 14);
    assert.match(wrong.stderr, /does not match/);

    const ok = await alice(["session", "confirm", "Bob", "--code", bobView.safetyCode]);
    assert.equal(ok.code, 0, ok.stderr);
    const okBob = await bob([
      "session",
      "confirm",
      "Alice",
      "--code",
      bobView.safetyCode.replaceAll(" ", "-"),
    ]);
    assert.equal(okBob.code, 0, okBob.stderr);

    const shown = await alice(["session", "show", "Bob", "--json"]);
    const view = JSON.parse(shown.stdout);
    assert.equal(view.state, "active");
    assert.equal(view.safetyCode, bobView.safetyCode);
    assert.equal(view.confirmFailures, 1);

    const exported = await alice([
      "session",
      "export",
      "Bob",
      "--out",
      join(tmp.path, "again.init"),
    ]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.deepEqual(Deno.readFileSync(join(tmp.path, "again.init")), Deno.readFileSync(init));

    const removed = await alice(["session", "remove", "Bob"]);
    assert.equal(removed.code, 0);
    assert.equal((await alice(["session", "show", "Bob"])).code, 13);
  } finally {
    tmp.remove();
  }
});

Deno.test("armored setup files work end to end and outputs never overwrite files", async () => {
  const tmp = tempDir();
  try {
    const alice = await profile(tmp.path, "alice");
    const bob = await profile(tmp.path, "bob");
    const init = join(tmp.path, "bob.init.txt");
    assert.equal(
      (await alice(["session", "new", "--label", "Bob", "--armor", "--out", init])).code,
      0,
    );
    assert.match(Deno.readTextFileSync(init), /^-----BEGIN PLICO INITIATOR-----\n/);
    const resp = join(tmp.path, "existing.txt");
    Deno.writeTextFileSync(resp, "keep me");
    const clash = await bob([
      "session",
      "answer",
      init,
      "--label",
      "Alice",
      "--armor",
      "--out",
      resp,
    ]);
    assert.equal(clash.code, 3);
    assert.match(clash.stderr, /never overwrites/);
    assert.equal(Deno.readTextFileSync(resp), "keep me");
    // Refused before any work: no session was created.
    assert.deepEqual(JSON.parse((await bob(["session", "list", "--json"])).stdout), []);
    const resp2 = join(tmp.path, "alice.resp.txt");
    const again = await bob([
      "session",
      "answer",
      init,
      "--label",
      "Alice",
      "--armor",
      "--out",
      resp2,
    ]);
    assert.equal(again.code, 0, again.stderr);
    const fin = await alice(["session", "finish", resp2]);
    assert.equal(fin.code, 0, fin.stderr);
    assert.match(fin.stdout, /Safety code for "Bob"/);
  } finally {
    tmp.remove();
  }
});

Deno.test("a tampered setup file is refused with a clear error and no session is created", async () => {
  const tmp = tempDir();
  try {
    const alice = await profile(tmp.path, "alice");
    const bob = await profile(tmp.path, "bob");
    const init = join(tmp.path, "bob.init");
    assert.equal((await alice(["session", "new", "--label", "Bob", "--out", init])).code, 0);
    const bytes = Deno.readFileSync(init);
    bytes[200]! ^= 0x10;
    Deno.writeFileSync(init, bytes);
    const run = await bob([
      "session",
      "answer",
      init,
      "--label",
      "Alice",
      "--out",
      join(tmp.path, "r"),
    ]);
    assert.equal(run.code, 5, run.stderr);
    assert.match(run.stderr, /signature is invalid/);
    assert.deepEqual(JSON.parse((await bob(["session", "list", "--json"])).stdout), []);
  } finally {
    tmp.remove();
  }
});
