/**
 * Escape tests (DESIGN §6, HARDENING §1): under exactly the shipped permission set the
 * program cannot spawn a process, reach a non-loopback address, read environment variables
 * off the list, load code from the network, or — inside the sandbox — do anything at all.
 *
 * The probe runs with the `plico` task's flags (from `plicoArgv`, main.ts swapped for the
 * probe) and, where `unshare -n` works (root on Linux), in a fresh network namespace, so that
 * no packet can leave the machine whatever happens.
 *
 * Attachments: a peer controls attachment names completely (the sealing side may use any
 * name), so hostile names are sealed through the use case in-process and opened through the
 * real CLI; nothing may land outside the chosen directory.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { sealEnvelope } from "../../application/seal_envelope.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import { utf8 } from "../../domain/bytes.ts";
import { workerOptionsEnabled } from "../adapters/sandbox/worker_options.ts";
import { CLI_PASSPHRASE, cliPair } from "../support/cli_pair.ts";
import { memoryAttachment, memorySink } from "../support/memory_io.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { depsFor } from "../support/profile_fixture.ts";
import { plicoArgv, tempDir } from "../support/run_plico.ts";

const PROBE = join(REPO_ROOT, "tests", "e2e", "escape_probe.ts");

async function canUnshare(): Promise<boolean> {
  try {
    return (await new Deno.Command("unshare", { args: ["-n", "true"] }).output()).code === 0;
  } catch {
    return false;
  }
}

/** Whether the probe runs in a private network namespace (root on Linux). */
const isolated = Deno.build.os === "linux" && await canUnshare();

/** The task's argv with main.ts replaced by the probe. */
function probeArgv(mode: string): string[] {
  const argv = plicoArgv([mode, isolated ? "isolated" : "shared"]);
  const main = argv.indexOf(join(REPO_ROOT, "main.ts"));
  assert.ok(main > 0, "plicoArgv must end in main.ts and its arguments");
  argv[main] = PROBE;
  return argv;
}

async function probe(mode: string): Promise<Record<string, string>> {
  const argv = probeArgv(mode);
  const [command, args] = isolated
    ? ["unshare", ["-n", Deno.execPath(), ...argv]]
    : [Deno.execPath(), argv];
  const out = await new Deno.Command(command, {
    args,
    cwd: REPO_ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? "/nonexistent",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
      NO_COLOR: "1",
      PLICO_HOME: "/nonexistent/plico",
      SSH_AUTH_SOCK: "/tmp/agent.sock",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Refused under every mode: no process, no network off loopback, no FFI or sys info. */
const ALWAYS_REFUSED = {
  runTrue: "NotCapable",
  runShell: "NotCapable",
  connectTestNet: "NotCapable",
  fetchTestNet: "NotCapable",
  connect10: "NotCapable",
  resolveDns: "NotCapable",
  envPath: "NotCapable",
  envSshAgent: "NotCapable",
  envAll: "NotCapable",
  ffi: "NotCapable",
  sys: "NotCapable",
  importHttps: isolated ? "refused" : "not tried",
  importNpm: isolated ? "refused" : "not tried",
};

Deno.test("the plico task loads only cached modules (--cached-only): no code from the network", () => {
  assert.ok(plicoArgv([]).includes("--cached-only"), "HARDENING §1.2");
});

Deno.test("the shipped permission set refuses processes, foreign hosts, unlisted env vars and remote code", async () => {
  const seen = await probe("full");
  assert.deepEqual(pick(seen, ALWAYS_REFUSED), ALWAYS_REFUSED);
  // What the set does grant still works: listed variables and loopback are not refused.
  assert.equal(seen.envHome, "ok");
  assert.equal(seen.envPlicoHome, "ok");
  assert.notEqual(seen.connectLoopback, "NotCapable");
  assert.notEqual(seen.connectBus, "NotCapable");
});

Deno.test("a command without profile rights loses loopback, the D-Bus socket and env access", async () => {
  const seen = await probe("no-rights");
  assert.deepEqual(pick(seen, ALWAYS_REFUSED), ALWAYS_REFUSED);
  assert.equal(seen.connectLoopback, "NotCapable");
  assert.equal(seen.connectBus, "NotCapable");
  assert.equal(seen.envHome, "NotCapable");
  assert.equal(seen.envPlicoHome, "NotCapable");
});

Deno.test("a profile command keeps its env vars and the D-Bus socket but no IP network", async () => {
  const seen = await probe("profile-rights");
  assert.deepEqual(pick(seen, ALWAYS_REFUSED), ALWAYS_REFUSED);
  assert.equal(seen.connectLoopback, "NotCapable");
  assert.notEqual(seen.connectBus, "NotCapable");
  assert.equal(seen.envHome, "ok");
});

Deno.test("inside the sandbox, under the shipped flags, every right is gone", {
  ignore: !workerOptionsEnabled(),
}, async () => {
  const seen = await probe("sandbox");
  for (const [what, outcome] of Object.entries(seen)) {
    if (what === "writeGranted") continue; // not asked in this mode
    assert.ok(["NotCapable", "prompt", "denied"].includes(outcome), `${what}: ${outcome}`);
  }
});

Deno.test("the sandbox escape test is not silently skipped: deno.json enables worker-options", () => {
  assert.ok(
    workerOptionsEnabled(),
    'deno.json needs "unstable": ["worker-options"] for the sandbox (HARDENING §3)',
  );
});

function pick(seen: Record<string, string>, like: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(like).map((k) => [k, seen[k]!]));
}

/** Hostile attachment names a malicious peer can seal (the seal use case keeps names as given). */
const HOSTILE_NAMES = [
  "../../escaped.txt",
  "../escaped-too.txt",
  "/tmp/plico-absolute-escape.txt",
  "sub/dir/nested.txt",
  "..\\..\\windows-escape.txt",
  "C:\\Windows\\evil.dll",
  "CON",
  "nul.txt",
  "aux",
  "..",
  ".",
  ".bashrc",
  "report\u202Etxt.exe",
  "linked.txt",
];

/** Seals one envelope from Alice to Bob carrying every hostile name, written to `path`. */
async function sealHostile(aliceDir: string, path: string): Promise<void> {
  const deps = depsFor(aliceDir);
  const profile = await unlockProfile(deps, CLI_PASSPHRASE);
  try {
    const sink = memorySink();
    await sealEnvelope(deps, profile, {
      to: "Bob",
      text: "hostile names",
      attachments: HOSTILE_NAMES.map((name, i) => memoryAttachment(name, utf8(`payload ${i}`))),
      expiresAt: null,
    }, sink);
    Deno.writeFileSync(path, sink.bytes());
  } finally {
    profile.lock();
  }
}

/** Every file under `dir` (relative paths), symlinks listed as such, not followed. */
function listTree(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const rel = prefix + e.name;
    if (e.isDirectory) out.push(...listTree(join(dir, e.name), rel + "/"));
    else out.push(e.isSymlink ? `${rel} -> symlink` : rel);
  }
  return out.sort();
}

Deno.test("hostile attachment names never place a file outside the chosen directory", async () => {
  const tmp = tempDir("plico-escape-");
  const absolute = "/tmp/plico-absolute-escape.txt";
  try {
    Deno.removeSync(absolute);
  } catch { /* not there: good */ }
  try {
    const { alice, bob } = await cliPair(tmp.path);
    // out/inner is the chosen directory; anything written to out/ or tmp/ escaped.
    const outer = join(tmp.path, "out");
    const inner = join(outer, "inner");
    Deno.mkdirSync(inner, { recursive: true });
    // A symlink inside the chosen directory, named like an attachment, pointing outside.
    const target = join(tmp.path, "target.txt");
    Deno.writeTextFileSync(target, "must stay unchanged");
    Deno.symlinkSync(target, join(inner, "linked.txt"));
    const envelope = join(tmp.path, "hostile.env");
    await sealHostile(alice.dir, envelope);

    // A symlinked output directory is refused before anything is opened (and nothing burns).
    const link = join(tmp.path, "out-link");
    Deno.symlinkSync(inner, link);
    const viaLink = await bob.as(["open", envelope, "--out-dir", link]);
    assert.equal(viaLink.code, 3, viaLink.stderr);
    assert.match(viaLink.stderr, /symbolic link/);

    const before = listTree(tmp.path);
    const opened = await bob.as(["open", envelope, "--out-dir", inner, "--json"]);
    assert.equal(opened.code, 0, opened.stderr);
    const saved: string[] = JSON.parse(opened.stdout).attachments.map((a: { savedAs: string }) =>
      a.savedAs
    );
    assert.equal(saved.length, HOSTILE_NAMES.length);
    // Outside the chosen directory nothing changed; inside there is one plain file per name.
    const after = listTree(tmp.path);
    assert.deepEqual(
      after.filter((p) => !p.startsWith("out/inner/")),
      before.filter((p) => !p.startsWith("out/inner/")),
    );
    assert.throws(() => Deno.lstatSync(absolute), Deno.errors.NotFound);
    assert.equal(Deno.readTextFileSync(target), "must stay unchanged");
    const inside = listTree(inner);
    assert.deepEqual(inside.filter((p) => p.endsWith("symlink")), ["linked.txt -> symlink"]);
    for (const name of saved) {
      assert.ok(
        !/[\\/]/.test(name) && name !== "." && name !== ".." && !name.startsWith("."),
        name,
      );
      assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name), name);
      assert.ok(!/\p{Cf}/u.test(name), name);
      assert.ok(inside.includes(name), `${name} is saved inside the chosen directory`);
      assert.equal(Deno.lstatSync(join(inner, name)).isFile, true);
    }
    // The symlink was not followed: the attachment named like it was saved under another name.
    assert.ok(!saved.includes("linked.txt"));
  } finally {
    tmp.remove();
  }
});
