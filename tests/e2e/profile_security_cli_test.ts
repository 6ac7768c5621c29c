import assert from "node:assert/strict";
import { join } from "node:path";
import { plicoArgv, runPlico, tempDir } from "../support/run_plico.ts";

const GOOD = "orbit lantern velvet 42 quay";
const NEW = "quiet harbour 19 lamplight";

async function setup(dir: string) {
  const good = join(dir, "good.txt");
  const wrong = join(dir, "wrong.txt");
  const fresh = join(dir, "new.txt");
  Deno.writeTextFileSync(good, GOOD + "\n");
  Deno.writeTextFileSync(wrong, "orbit lantern velvet 43 quay\n");
  Deno.writeTextFileSync(fresh, NEW + "\n");
  const profile = join(dir, "profile");
  const run = await runPlico(
    ["profile", "create", "--profile", profile, "--passphrase-file", good, "--passphrase-only"],
  );
  assert.equal(run.code, 0, run.stderr);
  return { good, wrong, fresh, profile };
}

function unlock(profile: string, file: string) {
  return runPlico(["profile", "unlock", "--profile", profile, "--passphrase-file", file]);
}

Deno.test("failed unlocks are counted across processes; concurrent ones are counted exactly", async () => {
  const tmp = tempDir();
  try {
    const { profile, wrong, good } = await setup(tmp.path);
    // Six processes guess at once (fewer than the cap on attempts under way): every one is
    // counted, none is lost to a race.
    const runs = await Promise.all(Array.from({ length: 6 }, () => unlock(profile, wrong)));
    assert.deepEqual(
      runs.map((r) => r.code),
      [8, 8, 8, 8, 8, 8],
      runs.map((r) => r.stderr).join("\n"),
    );
    // A later process sees the same count, and even the right passphrase must wait.
    const status = await runPlico(["profile", "status", "--profile", profile, "--json"]);
    const facts = JSON.parse(status.stdout);
    assert.equal(facts.failedAttempts, 6);
    assert.equal(facts.lockout, "delayed");
    const waiting = await unlock(profile, good);
    assert.equal(waiting.code, 10);
    assert.match(waiting.stderr, /too many failed unlock attempts; try again in \d+ s/);
  } finally {
    tmp.remove();
  }
});

Deno.test("a passphrase change killed at any moment leaves the old or the new passphrase working", async () => {
  const tmp = tempDir();
  try {
    for (const delay of [0, 120, 250, 400, 700]) {
      const dir = join(tmp.path, `trial-${delay}`);
      Deno.mkdirSync(dir);
      const { profile, good, fresh } = await setup(dir);
      const child = new Deno.Command(Deno.execPath(), {
        args: plicoArgv([
          "profile",
          "passphrase",
          "--profile",
          profile,
          "--passphrase-file",
          good,
          "--new-passphrase-file",
          fresh,
        ]),
        stdout: "null",
        stderr: "null",
      }).spawn();
      await new Promise((r) => setTimeout(r, delay));
      try {
        child.kill("SIGKILL");
      } catch { /* already finished */ }
      await child.status;
      const old = await unlock(profile, good);
      const now = old.code === 0 ? old : await unlock(profile, fresh);
      assert.equal(now.code, 0, `delay ${delay}: neither passphrase works: ${now.stderr}`);
    }
  } finally {
    tmp.remove();
  }
});
