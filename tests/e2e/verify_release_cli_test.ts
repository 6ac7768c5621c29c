/**
 * `plico verify-release` through the real program under the shipped permission set. The
 * shipped command trusts only the embedded release key, whose secret is not in the repository,
 * so these tests cover its refusals; the success path with a test key is in
 * tests/application/verify_release_test.ts. A signature file that is well formed but made
 * with the wrong key must fail exactly as a forgery would.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { utf8 } from "../../domain/bytes.ts";
import { signReleaseManifest } from "../../domain/release/mod.ts";
import { crypto, manifestFor, testKey } from "../domain/release/release_fixture.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";

const BUILD = "plico-0.1.0-x86_64-unknown-linux-gnu";

function release() {
  const dir = tempDir("plico-release-cli-");
  const manifest = manifestFor({ [BUILD]: "build" });
  const manifestPath = join(dir.path, "SHA256SUMS");
  const sigPath = join(dir.path, "SHA256SUMS.sig");
  Deno.writeFileSync(manifestPath, manifest);
  Deno.writeTextFileSync(join(dir.path, BUILD), "build");
  // Well formed, correctly signed — by a key this build does not trust.
  Deno.writeFileSync(
    sigPath,
    signReleaseManifest(crypto, testKey("not the release key").seed, manifest),
  );
  return { dir, manifestPath, sigPath };
}

Deno.test("verify-release refuses a signature made with a key other than the embedded one", async () => {
  const r = release();
  try {
    for (const extra of [[], [join(r.dir.path, BUILD)]]) {
      const run = await runPlico(["verify-release", r.manifestPath, r.sigPath, ...extra]);
      assert.equal(run.code, 5, run.stderr);
      assert.match(run.stderr, /does not trust/);
      assert.doesNotMatch(run.stdout, /OK|authentic/);
    }
    const json = await runPlico(["verify-release", r.manifestPath, r.sigPath, "--json"]);
    assert.equal(json.code, 5);
    assert.equal(JSON.parse(json.stdout).error.code, "crypto.auth_failed");
  } finally {
    r.dir.remove();
  }
});

Deno.test("verify-release refuses a malformed or truncated signature file as malformed input", async () => {
  const r = release();
  try {
    const sig = Deno.readFileSync(r.sigPath);
    for (const bad of [sig.subarray(0, 200), utf8("garbage\n"), new Uint8Array()]) {
      Deno.writeFileSync(r.sigPath, bad);
      const run = await runPlico(["verify-release", r.manifestPath, r.sigPath]);
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, /release signature/);
    }
    Deno.writeFileSync(r.sigPath, new Uint8Array(sig.length + 1));
    const long = await runPlico(["verify-release", r.manifestPath, r.sigPath]);
    assert.equal(long.code, 4);
  } finally {
    r.dir.remove();
  }
});

Deno.test("verify-release reports missing files and wrong usage with their exit codes", async () => {
  const r = release();
  try {
    const missing = await runPlico(["verify-release", join(r.dir.path, "nope"), r.sigPath]);
    assert.equal(missing.code, 3);
    const usage = await runPlico(["verify-release", r.manifestPath]);
    assert.equal(usage.code, 2);
    const help = await runPlico(["verify-release", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /SHA256SUMS/);
  } finally {
    r.dir.remove();
  }
});

Deno.test("verify-release refuses an oversized manifest before reading it whole", async () => {
  const r = release();
  try {
    Deno.writeFileSync(r.manifestPath, new Uint8Array(64 * 1024 + 1).fill(0x61));
    const run = await runPlico(["verify-release", r.manifestPath, r.sigPath]);
    assert.equal(run.code, 4);
    assert.match(run.stderr, /larger than/);
  } finally {
    r.dir.remove();
  }
});
