/**
 * Every command that takes untrusted bytes hands them to its sandbox worker, with exactly the
 * grants HARDENING §3 promises: no rights at all for the setup-file checker and the PNG
 * carrier; for `open`, read of the profile, the envelope and the output directory, write of the
 * profile and the output directory only. The real program runs as shipped, with the probe of
 * tests/support/probe_plico.ts recording each worker it starts (the worker then runs
 * unchanged). Skipping a gate, or widening a grant (say, write access to /tmp), fails here.
 *
 * The Argon2id worker (adapters/crypto/argon2_in_worker.ts) inherits the program's rights: it
 * sees the passphrase and the profile's salt, never bytes from a peer.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { cliProfile } from "../support/cli_pair.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { probePlico, probeRecords, WORKER_PRELOAD } from "../support/probe_plico.ts";
import { plicoArgv, tempDir } from "../support/run_plico.ts";

/** Permissions of a worker that may touch nothing but the bytes it is sent. */
const NOTHING = {
  read: false,
  write: false,
  net: false,
  env: false,
  run: false,
  ffi: false,
  sys: false,
  import: false,
};

/** The one worker allowed to inherit: it never sees a peer's bytes. */
const ARGON2 = "argon2_worker.ts";

async function workersOf(args: string[]): Promise<[string, unknown][]> {
  const { records, stderr } = await probePlico(args);
  const workers = records.filter((r) => r.event === "worker");
  for (const w of workers) {
    if (w.detail === ARGON2) assert.equal(w.permissions, "inherit");
  }
  return workers.filter((w) => w.detail !== ARGON2).map((w) => {
    assert.notEqual(w.permissions, "inherit", `${w.detail} inherits all rights\n${stderr}`);
    return [w.detail, w.permissions];
  });
}

Deno.test("commands taking a peer's bytes parse them first in their sandbox, with exact grants", async () => {
  const tmp = tempDir("plico-sandbox-wiring-");
  try {
    const alice = await cliProfile(tmp.path, "alice");
    const p = (name: string) => join(tmp.path, name);
    // Junk is enough: the sandbox is where it must be refused.
    Deno.writeTextFileSync(p("junk"), "not a Plico file\n");
    // `open` turns away files it can recognise as something else (text, setup files, images)
    // before unlocking; random bytes of an envelope's size are what only the sandbox can judge.
    const noise = crypto.getRandomValues(new Uint8Array(4096));
    noise[0] = 0; // no known file signature starts with a zero byte
    Deno.writeFileSync(p("noise"), noise);
    const own = ["--profile", alice.dir, "--passphrase-file", alice.pass];
    const outDir = p("out");
    Deno.mkdirSync(outDir);

    const cases: [string, string[], [string, unknown][]][] = [
      ["session answer", ["session", "answer", p("junk"), "--label", "Bob", ...own], [[
        "setup_file_worker.ts",
        NOTHING,
      ]]],
      ["session finish", ["session", "finish", p("junk"), ...own], [[
        "setup_file_worker.ts",
        NOTHING,
      ]]],
      ["open", ["open", p("noise"), "--out-dir", outDir, ...own], [[
        "open_envelope_worker.ts",
        {
          ...NOTHING,
          read: [alice.dir, p("noise"), outDir],
          write: [alice.dir, outDir],
        },
      ]]],
      ["carrier embed", ["carrier", "embed", p("junk"), "--cover", p("junk"), "--out", p("o")], [[
        "png_carrier_worker.ts",
        NOTHING,
      ]]],
      ["carrier extract", ["carrier", "extract", p("junk"), "--out", p("e")], [[
        "png_carrier_worker.ts",
        NOTHING,
      ]]],
      ["carrier capacity", ["carrier", "capacity", p("junk")], [[
        "png_carrier_worker.ts",
        NOTHING,
      ]]],
      ["qr --read", ["qr", "--read", p("junk"), "--out", p("q")], [[
        "qr_image_worker.ts",
        NOTHING,
      ]]],
    ];
    for (const [name, args, expected] of cases) {
      assert.deepEqual(await workersOf(args), expected, name);
    }
  } finally {
    tmp.remove();
  }
});

/** Reads `plico ui`'s standard output until its launch link appears. */
async function launchLink(stdout: ReadableStream<Uint8Array>): Promise<URL> {
  let text = "";
  for await (const piece of stdout.pipeThrough(new TextDecoderStream())) {
    text += piece;
    const match = /^ {4}(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/m.exec(text);
    if (match) return new URL(match[1]!);
  }
  throw new Error(`'plico ui' printed no link:\n${text}`);
}

Deno.test("'plico ui' as shipped hands an uploaded PNG carrier to the no-rights PNG worker", async () => {
  const tmp = tempDir("plico-sandbox-ui-");
  const argv = plicoArgv(["ui", "--profile", join(tmp.path, "profile")]);
  argv.splice(argv.indexOf(join(REPO_ROOT, "main.ts")), 0, "--preload", WORKER_PRELOAD);
  const child = new Deno.Command(Deno.execPath(), {
    args: argv,
    cwd: REPO_ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: tmp.path,
      NO_COLOR: "1",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  try {
    const link = await launchLink(child.stdout);
    const origin = link.origin;
    const headers = { origin, "sec-fetch-site": "same-origin" };
    const launch = await fetch(`${origin}/api/launch`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ token: link.hash.slice("#token=".length) }),
    });
    assert.equal(launch.status, 200, await launch.clone().text());
    const cookie = launch.headers.get("set-cookie")!.split(";")[0]!;
    const { csrf } = await launch.json();
    const form = new FormData();
    form.append("envelope", new Blob([new TextEncoder().encode("not a Plico envelope")]), "e");
    const embed = await fetch(`${origin}/api/carrier/embed`, {
      method: "POST",
      headers: { ...headers, cookie, "x-plico-csrf": csrf },
      body: form,
    });
    await embed.body?.cancel();
  } finally {
    child.kill("SIGINT");
    await child.status;
    tmp.remove();
  }
  const workers = probeRecords(await stderr).filter((r) => r.event === "worker");
  assert.deepEqual(
    workers.map((w) => [w.detail, w.permissions]),
    [["png_carrier_worker.ts", NOTHING]],
    await stderr,
  );
});
