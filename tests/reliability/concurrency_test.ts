import assert from "node:assert/strict";
import { join } from "node:path";
import { attemptRecord, outputFiles, rowCount } from "../../scripts/crash/profile_checks.ts";
import { UNLOCK_MAX_PENDING } from "../../domain/limits.ts";
import { cliPair, cliProfile } from "../support/cli_pair.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";

const PROCESSES = 6;

Deno.test("processes racing on one session", async (t) => {
  const tmp = tempDir();
  try {
    const { alice, bob } = await cliPair(tmp.path);
    await t.step(
      "six opening one envelope with an attachment: one reveals it, one file, two burn rows",
      async () => {
        const data = crypto.getRandomValues(new Uint8Array(60_000));
        Deno.writeFileSync(join(tmp.path, "data.bin"), data);
        const env = join(tmp.path, "one.plico");
        const sealed = await alice.as(
          ["seal", "--to", "Bob", "--out", env, "--attach", join(tmp.path, "data.bin")],
          { stdin: "exactly once" },
        );
        assert.equal(sealed.code, 0, sealed.stderr);
        const burnedBefore = rowCount(bob.dir, "burned");
        const out = join(tmp.path, "out");
        Deno.mkdirSync(out);
        // All into the same directory: a loser must not leave a file there either.
        const runs = await Promise.all(
          Array.from(
            { length: PROCESSES },
            () => bob.as(["open", env, "--out-dir", out, "--json"]),
          ),
        );
        const codes = runs.map((r) => r.code).sort((a, b) => a - b);
        assert.deepEqual(
          codes,
          [0, ...Array(PROCESSES - 1).fill(16)],
          runs.map((r) => r.stderr).join(),
        );
        assert.equal(runs.filter((r) => r.stdout.includes("exactly once")).length, 1);
        assert.deepEqual(outputFiles(out), { finals: ["data.bin"], partials: [] });
        assert.deepEqual(Deno.readFileSync(join(out, "data.bin")), data);
        assert.equal(rowCount(bob.dir, "burned") - burnedBefore, 2);
      },
    );
    await t.step(
      "six sealing at once: all succeed and each envelope opens exactly once",
      async () => {
        const envs = Array.from({ length: PROCESSES }, (_, i) => join(tmp.path, `e${i}.plico`));
        const sealed = await Promise.all(
          envs.map((env, i) =>
            alice.as(["seal", "--to", "Bob", "--out", env], { stdin: `concurrent ${i}` })
          ),
        );
        assert.deepEqual(
          sealed.map((r) => r.code),
          Array(PROCESSES).fill(0),
          sealed.map((r) => r.stderr).join(),
        );
        // Distinct ratchet steps: every envelope opens (in an order unrelated to sealing) ...
        const order = [3, 0, 5, 1, 4, 2];
        const texts = new Set<string>();
        for (const i of order) {
          const opened = await bob.as(["open", envs[i]!, "--out-dir", tmp.path, "--json"]);
          assert.equal(opened.code, 0, `envelope ${i}: ${opened.stderr}`);
          texts.add(JSON.parse(opened.stdout).text);
        }
        assert.deepEqual([...texts].sort(), envs.map((_, i) => `concurrent ${i}`).sort());
        // ... and none twice.
        const again = await bob.as(["open", envs[2]!, "--out-dir", tmp.path]);
        assert.equal(again.code, 16, again.stderr);
        // The session still works both ways.
        const back = join(tmp.path, "back.plico");
        assert.equal(
          (await bob.as(["seal", "--to", "Alice", "--out", back], { stdin: "back" })).code,
          0,
        );
        const reply = await alice.as(["open", back, "--out-dir", tmp.path, "--json"]);
        assert.equal(reply.code, 0, reply.stderr);
        assert.equal(JSON.parse(reply.stdout).text, "back");
      },
    );
  } finally {
    tmp.remove();
  }
});

Deno.test("ten wrong-passphrase unlocks at once: each is counted as a failure or refused, none lost", async () => {
  const tmp = tempDir();
  try {
    const carol = await cliProfile(tmp.path, "carol");
    const wrong = join(tmp.path, "wrong.pass");
    Deno.writeTextFileSync(wrong, "definitely not the passphrase\n");
    const before = attemptRecord(carol.dir);
    assert.ok(before);
    const runs = await Promise.all(
      Array.from(
        { length: 10 },
        () => runPlico(["profile", "unlock", "--profile", carol.dir, "--passphrase-file", wrong]),
      ),
    );
    const bad = runs.filter((r) => r.code === 8).length; // profile.bad_passphrase
    const refused = runs.filter((r) => r.code === 10).length; // profile.locked_out
    assert.equal(bad + refused, 10, runs.map((r) => `${r.code} ${r.stderr}`).join("\n"));
    assert.ok(bad >= 1 && bad <= UNLOCK_MAX_PENDING, `${bad} attempts ran at once`);
    const after = attemptRecord(carol.dir);
    assert.ok(after);
    // Every attempt that ran the KDF is counted and recorded as a failure; refused ones are not
    // attempts; nothing is left pending.
    assert.equal(after.total - before.total, bad);
    assert.equal(after.failures, bad);
    assert.equal(after.pending, 0);
    // With three or more failures the right passphrase must wait too.
    const right = await carol.as(["profile", "unlock"]);
    assert.equal(right.code, bad >= 3 ? 10 : 0, right.stderr);
  } finally {
    tmp.remove();
  }
});
