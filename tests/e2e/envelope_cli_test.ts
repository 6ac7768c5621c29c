import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { cliPair } from "../support/cli_pair.ts";
import { plicoArgv, tempDir } from "../support/run_plico.ts";

Deno.test("20 envelopes both ways through the CLI, with attachments and out-of-order delivery", async () => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const data = systemRandom.randomBytes(150_000);
    Deno.writeFileSync(join(tmp.path, "report.pdf"), data);
    let count = 0;
    for (let round = 0; round < 4; round++) {
      const outs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const msg = join(tmp.path, `m-${round}-${i}.txt`);
        Deno.writeTextFileSync(msg, `round ${round} message ${i}`);
        const out = join(tmp.path, `a-${round}-${i}.plico`);
        const attach = i === 1 ? ["--attach", join(tmp.path, "report.pdf")] : [];
        const r = await alice.as([
          "seal",
          "--to",
          "Bob",
          "--message-file",
          msg,
          "--out",
          out,
          ...attach,
        ]);
        assert.equal(r.code, 0, r.stderr);
        outs.push(out);
      }
      for (const i of [1, 2, 0]) {
        const dir = join(tmp.path, `bob-${round}-${i}`);
        Deno.mkdirSync(dir);
        const r = await bob.as(["open", outs[i]!, "--out-dir", dir, "--json"]);
        assert.equal(r.code, 0, r.stderr);
        const opened = JSON.parse(r.stdout);
        assert.equal(opened.text, `round ${round} message ${i}`);
        assert.equal(opened.from, "Alice");
        if (i === 1) assert.deepEqual(Deno.readFileSync(join(dir, "report.pdf")), data);
        count++;
      }
      for (let i = 0; i < 2; i++) {
        const out = join(tmp.path, `b-${round}-${i}.plico`);
        const sealed = await bob.as(["seal", "--to", "Alice", "--out", out], {
          stdin: `reply ${round}.${i}`,
        });
        assert.equal(sealed.code, 0, sealed.stderr);
        const r = await alice.as(["open", out, "--out-dir", tmp.path, "--json"]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).text, `reply ${round}.${i}`);
        count++;
      }
      const again = await bob.as(["open", outs[0]!, "--out-dir", tmp.path]);
      assert.equal(again.code, 16);
      assert.match(again.stderr, /already opened on this device on \d{4}-/);
    }
    assert.equal(count, 20);
  } finally {
    tmp.remove();
  }
});

Deno.test("eight concurrent opens of one envelope: exactly one succeeds", async () => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const env = join(tmp.path, "one.plico");
    assert.equal(
      (await alice.as(["seal", "--to", "Bob", "--out", env], { stdin: "only once" })).code,
      0,
    );
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const dir = join(tmp.path, `out${i}`);
        Deno.mkdirSync(dir);
        return bob.as(["open", env, "--out-dir", dir]);
      }),
    );
    const codes = runs.map((r) => r.code).sort();
    assert.deepEqual(codes, [0, 16, 16, 16, 16, 16, 16, 16], runs.map((r) => r.stderr).join("\n"));
    assert.equal(runs.filter((r) => r.stdout.includes("only once")).length, 1);
  } finally {
    tmp.remove();
  }
});

Deno.test("armored envelopes and stdin/stdout work; the envelope reveals nothing before the commit", async () => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const armored = join(tmp.path, "msg.txt");
    const sealed = await alice.as(["seal", "--to", "Bob", "--armor", "--out", armored], {
      stdin: "armored hello",
    });
    assert.equal(sealed.code, 0, sealed.stderr);
    assert.match(Deno.readTextFileSync(armored), /^-----BEGIN ENCRYPTED DATA-----\n/);
    const opened = await bob.as(["open", armored, "--out-dir", tmp.path]);
    assert.equal(opened.code, 0, opened.stderr);
    assert.match(opened.stdout, /armored hello/);

    const toStdout = await bob.as([
      "seal",
      "--to",
      "Alice",
      "--out",
      "-",
      "--message-file",
      armored,
    ]);
    assert.equal(toStdout.code, 0, toStdout.stderr);
    assert.ok(toStdout.stdout.length > 2000);
  } finally {
    tmp.remove();
  }
});

Deno.test("an open killed at random moments leaves a consistent profile: opened-and-burned or untouched", async () => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    const big = join(tmp.path, "big.bin");
    Deno.writeFileSync(big, new Uint8Array(8 * 1024 * 1024));
    for (const [i, delay] of [0, 200, 350, 500, 700, 900].entries()) {
      const env = join(tmp.path, `e${i}.plico`);
      assert.equal(
        (await alice.as(["seal", "--to", "Bob", "--out", env, "--attach", big], { stdin: `n${i}` }))
          .code,
        0,
      );
      const dir = join(tmp.path, `o${i}`);
      Deno.mkdirSync(dir);
      const child = new Deno.Command(Deno.execPath(), {
        args: plicoArgv([
          "open",
          env,
          "--out-dir",
          dir,
          "--profile",
          bob.dir,
          "--passphrase-file",
          bob.pass,
        ]),
        stdout: "null",
        stderr: "null",
      }).spawn();
      await new Promise((r) => setTimeout(r, delay));
      try {
        child.kill("SIGKILL");
      } catch { /* finished already */ }
      await child.status;
      const db = new DatabaseSync(join(bob.dir, "profile.db"));
      const check = db.prepare("PRAGMA integrity_check").get() as Record<string, string>;
      db.close();
      assert.equal(Object.values(check)[0], "ok");
      const again = await bob.as(["open", env, "--out-dir", dir]);
      // Either the killed open had committed (burned: 16) or nothing happened (opens now: 0).
      assert.ok([0, 16].includes(again.code), `delay ${delay}: ${again.code} ${again.stderr}`);
    }
    // The session keeps working both ways.
    const last = join(tmp.path, "last.plico");
    assert.equal(
      (await alice.as(["seal", "--to", "Bob", "--out", last], { stdin: "still fine" })).code,
      0,
    );
    const ok = await bob.as(["open", last, "--out-dir", tmp.path]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /still fine/);
  } finally {
    tmp.remove();
  }
});
