import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { REPO_ROOT } from "../support/paths.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";

const GOOD = "orbit lantern velvet 42 quay";

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of Deno.readDirSync(dir)) {
    const bytes = Deno.readFileSync(join(dir, entry.name));
    files.set(
      entry.name,
      Array.from(bytes.subarray(0, 64)).join(",") + `#${bytes.length}#` +
        bytes.reduce((a, b) => (a * 31 + b) >>> 0, 7),
    );
  }
  return files;
}

async function createProfile(dir: string, passphrase = GOOD) {
  const file = join(dir, "pass.txt");
  Deno.writeTextFileSync(file, passphrase + "\n");
  const profile = join(dir, "profile");
  const run = await runPlico([
    "profile",
    "create",
    "--profile",
    profile,
    "--passphrase-file",
    file,
    "--passphrase-only",
  ]);
  return { run, profile, file };
}

Deno.test("plico version prints the VERSION file", async () => {
  const version = Deno.readTextFileSync(join(REPO_ROOT, "VERSION")).trim();
  const run = await runPlico(["version"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `plico ${version}\n`);
  const json = await runPlico(["version", "--json"]);
  assert.deepEqual(JSON.parse(json.stdout), { version });
});

Deno.test("plico --help lists the commands and unknown input is a usage error", async () => {
  const help = await runPlico(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /profile create/);
  const sub = await runPlico(["profile", "create", "--help"]);
  assert.equal(sub.code, 0);
  assert.match(sub.stdout, /--passphrase-file/);
  const unknown = await runPlico(["frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command: frobnicate/);
  const badFlag = await runPlico(["version", "--bogus"]);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /bogus/);
  const extra = await runPlico(["version", "extra"]);
  assert.equal(extra.code, 2);
});

Deno.test("a profile is created, unlocked, and shows its facts", async () => {
  const tmp = tempDir();
  try {
    const { run, profile, file } = await createProfile(tmp.path);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Created profile [0-9a-f]{32}/);
    assert.equal(Deno.statSync(profile).mode! & 0o777, 0o700);
    assert.equal(Deno.statSync(join(profile, "profile.db")).mode! & 0o777, 0o600);

    const status = await runPlico([
      "profile",
      "unlock",
      "--profile",
      profile,
      "--passphrase-file",
      file,
      "--json",
    ]);
    assert.equal(status.code, 0, status.stderr);
    const facts = JSON.parse(status.stdout);
    assert.match(facts.profileId, /^[0-9a-f]{32}$/);
    assert.deepEqual(facts.argon2, { iterations: 2, memoryKiB: 65536, parallelism: 4 });
    assert.equal(facts.binding, "passphrase-only");
    assert.ok(Math.abs(Date.parse(facts.createdAt) - Date.now()) < 120_000);

    const viaFd = await runPlico(
      ["profile", "unlock", "--profile", profile, "--passphrase-fd", "0"],
      { stdin: GOOD + "\n" },
    );
    assert.equal(viaFd.code, 0, viaFd.stderr);
    assert.match(viaFd.stdout, new RegExp(facts.profileId));
  } finally {
    tmp.remove();
  }
});

Deno.test("a wrong passphrase fails with exit code 8 and changes only the attempt counter", async () => {
  const tmp = tempDir();
  try {
    const { profile } = await createProfile(tmp.path);
    const wrong = join(tmp.path, "wrong.txt");
    Deno.writeTextFileSync(wrong, "orbit lantern velvet 43 quay\n");
    const before = snapshot(profile);
    const run = await runPlico([
      "profile",
      "unlock",
      "--profile",
      profile,
      "--passphrase-file",
      wrong,
    ]);
    assert.equal(run.code, 8);
    assert.match(run.stderr, /wrong passphrase/);
    assert.doesNotMatch(run.stderr, /orbit/);
    const after = snapshot(profile);
    // The profile database is untouched; only the attempt record (a separate file) counts it.
    assert.equal(after.get("profile.db"), before.get("profile.db"));
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    const status = await runPlico(["profile", "status", "--profile", profile, "--json"]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).failedAttempts, 1);
  } finally {
    tmp.remove();
  }
});

Deno.test("weak passphrases are refused with reasons, and nothing is created", async () => {
  const tmp = tempDir();
  try {
    for (const weak of ["short", "aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "password1234"]) {
      const { run, profile } = await createProfile(tmp.path, weak);
      assert.equal(run.code, 11, `${weak}: ${run.stderr}`);
      assert.match(run.stderr, /passphrase refused: /);
      assert.throws(() => Deno.statSync(join(profile, "profile.db")));
    }
  } finally {
    tmp.remove();
  }
});

Deno.test("creating over an existing profile is refused with exit code 7", async () => {
  const tmp = tempDir();
  try {
    assert.equal((await createProfile(tmp.path)).run.code, 0);
    const again = await createProfile(tmp.path);
    assert.equal(again.run.code, 7);
    assert.match(again.run.stderr, /already exists/);
  } finally {
    tmp.remove();
  }
});

Deno.test("missing profile and missing passphrase source give clear errors", async () => {
  const tmp = tempDir();
  try {
    const missing = await runPlico(["profile", "unlock", "--profile", join(tmp.path, "none")]);
    assert.equal(missing.code, 6);
    assert.match(missing.stderr, /no profile at/);
    const { profile } = await createProfile(tmp.path);
    const noTty = await runPlico(["profile", "unlock", "--profile", profile]);
    assert.equal(noTty.code, 11);
    assert.match(noTty.stderr, /--passphrase-file/);
  } finally {
    tmp.remove();
  }
});

Deno.test("the profile database holds only ciphertext blobs, random ids and version numbers", async () => {
  const tmp = tempDir();
  try {
    const { profile, file } = await createProfile(tmp.path);
    const status = await runPlico(
      ["profile", "unlock", "--profile", profile, "--passphrase-file", file, "--json"],
    );
    const profileId: string = JSON.parse(status.stdout).profileId;
    const raw = Deno.readFileSync(join(profile, "profile.db"));
    const text = new TextDecoder("latin1").decode(raw);
    assert.ok(!text.includes(profileId), "profile id in clear");
    const idBytes = profileId.match(/../g)!.map((h) => String.fromCharCode(parseInt(h, 16))).join(
      "",
    );
    assert.ok(!text.includes(idBytes), "raw profile id bytes in clear");

    const db = new DatabaseSync(join(profile, "profile.db"), { readOnly: true });
    try {
      const tables = db.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
      ).all().map((r) => String((r as { name: string }).name));
      assert.deepEqual(tables, [
        "burned",
        "freshness",
        "known_peers",
        "profile_header",
        "profile_info",
        "sessions",
        "settings",
        "unlock_audit",
      ]);
      for (const table of tables) {
        for (const row of db.prepare(`SELECT * FROM ${table}`).all()) {
          for (const [column, value] of Object.entries(row as Record<string, unknown>)) {
            const ok = value === null || value instanceof Uint8Array || typeof value === "number" ||
              typeof value === "bigint";
            assert.ok(ok, `${table}.${column} holds a ${typeof value}`);
          }
        }
      }
    } finally {
      db.close();
    }
  } finally {
    tmp.remove();
  }
});

Deno.test("profile status shows public facts without a passphrase", async () => {
  const tmp = tempDir();
  try {
    const { profile } = await createProfile(tmp.path);
    const status = await runPlico(["profile", "status", "--profile", profile, "--json"]);
    assert.equal(status.code, 0, status.stderr);
    const facts = JSON.parse(status.stdout);
    assert.equal(facts.binding, "passphrase-only");
    assert.equal(facts.lockout, "ok");
    assert.equal(facts.failedAttempts, 0);
    assert.equal(facts.sessions, 0);
    assert.deepEqual(facts.argon2, { iterations: 2, memoryKiB: 65536, parallelism: 4 });
  } finally {
    tmp.remove();
  }
});

Deno.test("without an OS credential store, create refuses unless --passphrase-only", async () => {
  const tmp = tempDir();
  try {
    const file = join(tmp.path, "pass.txt");
    Deno.writeTextFileSync(file, GOOD + "\n");
    const profile = join(tmp.path, "profile");
    const run = await runPlico(
      ["profile", "create", "--profile", profile, "--passphrase-file", file],
      { env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${tmp.path}/no-bus` } },
    );
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stderr, /--passphrase-only/);
    assert.throws(() => Deno.statSync(join(profile, "profile.db")));
  } finally {
    tmp.remove();
  }
});
