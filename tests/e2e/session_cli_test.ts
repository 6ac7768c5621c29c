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
    assert.match(bobView.myCode, /^\d{5}( \d{5}){5}$/);
    assert.equal(bobView.safetyCode, undefined);
    assert.equal(bobView.peerCode, undefined);

    const finished = await alice(["session", "finish", resp, "--json"]);
    assert.equal(finished.code, 0, finished.stderr);
    const aliceView = JSON.parse(finished.stdout);
    assert.match(aliceView.myCode, /^\d{5}( \d{5}){5}$/);
    assert.notEqual(aliceView.myCode, bobView.myCode);
    assert.doesNotMatch(finished.stdout, new RegExp(bobView.myCode));

    // Before confirmation `session show` gives only the code to read aloud, never the one to type.
    const early = await alice(["session", "show", "Bob", "--json"]);
    const earlyView = JSON.parse(early.stdout);
    assert.equal(earlyView.myCode, aliceView.myCode);
    assert.equal(earlyView.peerCode, null);
    assert.doesNotMatch(early.stdout, new RegExp(bobView.myCode));
    const earlyText = await alice(["session", "show", "Bob"]);
    assert.doesNotMatch(earlyText.stdout, new RegExp(bobView.myCode));

    // Typing one's own code is a slip, not a guess: clear message, exit 2, no attempt used.
    for (const typed of [aliceView.myCode, aliceView.myCode.replaceAll(" ", "")]) {
      const own = await alice(["session", "confirm", "Bob", "--code", typed]);
      assert.equal(own.code, 2, own.stderr);
      assert.match(own.stderr, /that is your own code: type the one your peer reads/);
    }
    const afterOwn = JSON.parse((await alice(["session", "show", "Bob", "--json"])).stdout);
    assert.equal(afterOwn.confirmFailures, 0);
    assert.equal(afterOwn.state, "unconfirmed");

    const listed = await alice(["session", "list", "--json"]);
    assert.equal(JSON.parse(listed.stdout)[0].state, "unconfirmed");

    const wrong = await alice(["session", "confirm", "Bob", "--code", "0".repeat(30)]);
    assert.equal(wrong.code, 14);
    assert.match(wrong.stderr, /does not match/);

    const ok = await alice(["session", "confirm", "Bob", "--code", bobView.myCode]);
    assert.equal(ok.code, 0, ok.stderr);
    const okBob = await bob([
      "session",
      "confirm",
      "Alice",
      "--code",
      aliceView.myCode.replaceAll(" ", "-"),
    ]);
    assert.equal(okBob.code, 0, okBob.stderr);

    const shown = await alice(["session", "show", "Bob", "--json"]);
    const view = JSON.parse(shown.stdout);
    assert.equal(view.state, "active");
    // After confirmation both codes can be read again.
    assert.equal(view.myCode, aliceView.myCode);
    assert.equal(view.peerCode, bobView.myCode);
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
    assert.match(fin.stdout, /Your safety code for "Bob"/);
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
