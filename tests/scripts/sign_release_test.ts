import assert from "node:assert/strict";
import { join } from "node:path";
import { fromHex, utf8 } from "../../domain/bytes.ts";
import {
  parseReleaseSecretKey,
  RELEASE_SECRET_KEY_BYTES,
  verifyReleaseSignature,
} from "../../domain/release/mod.ts";
import { crypto, manifestFor } from "../domain/release/release_fixture.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { tempDir } from "../support/run_plico.ts";

/** Runs the script with the least rights it documents (read and write, nothing else). */
async function signRelease(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--frozen",
      "--no-prompt",
      "--allow-read",
      "--allow-write",
      join(REPO_ROOT, "scripts", "sign_release.ts"),
      ...args,
    ],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("sign_release --generate-key writes a 0600 key file and prints its public key", async () => {
  const dir = tempDir();
  try {
    const keyPath = join(dir.path, "release.key");
    const made = await signRelease(["--generate-key", keyPath]);
    assert.equal(made.code, 0, made.stderr);
    const info = Deno.statSync(keyPath);
    assert.equal(info.mode! & 0o777, 0o600);
    assert.equal(info.size, RELEASE_SECRET_KEY_BYTES);
    const seed = parseReleaseSecretKey(Deno.readFileSync(keyPath));
    const printed = /^public key: ([0-9a-f]{64})$/m.exec(made.stdout)?.[1];
    assert.deepEqual(fromHex(printed!), crypto.ed25519PublicKey(seed));
    assert.doesNotMatch(made.stdout + made.stderr, /seed/);

    const again = await signRelease(["--generate-key", keyPath]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /never overwritten/);
    assert.deepEqual(parseReleaseSecretKey(Deno.readFileSync(keyPath)), seed);
  } finally {
    dir.remove();
  }
});

Deno.test("sign_release signs a manifest so that the shipped verifier accepts it", async () => {
  const dir = tempDir();
  try {
    const keyPath = join(dir.path, "release.key");
    const made = await signRelease(["--generate-key", keyPath]);
    const publicKey = fromHex(/public key: ([0-9a-f]{64})/.exec(made.stdout)![1]!);
    const manifest = manifestFor({ "plico-0.1.0-x86_64-unknown-linux-gnu": "build" });
    const manifestPath = join(dir.path, "SHA256SUMS");
    Deno.writeFileSync(manifestPath, manifest);

    const signed = await signRelease([manifestPath, "--key", keyPath]);
    assert.equal(signed.code, 0, signed.stderr);
    const sig = Deno.readFileSync(`${manifestPath}.sig`);
    assert.deepEqual(verifyReleaseSignature(crypto, [publicKey], manifest, sig), publicKey);

    const twice = await signRelease([manifestPath, "--key", keyPath]);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /never overwritten/);

    const other = join(dir.path, "other.sig");
    assert.equal((await signRelease([manifestPath, "--key", keyPath, "--out", other])).code, 0);
    verifyReleaseSignature(crypto, [publicKey], manifest, Deno.readFileSync(other));
  } finally {
    dir.remove();
  }
});

Deno.test("sign_release refuses a malformed manifest and a key file others can read", async () => {
  const dir = tempDir();
  try {
    const keyPath = join(dir.path, "release.key");
    await signRelease(["--generate-key", keyPath]);
    const bad = join(dir.path, "BAD");
    Deno.writeFileSync(bad, utf8(`${"ab".repeat(32)}  ../../etc/passwd\n`));
    const refused = await signRelease([bad, "--key", keyPath]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /release manifest/);
    assert.throws(() => Deno.statSync(`${bad}.sig`), Deno.errors.NotFound);

    const good = join(dir.path, "SHA256SUMS");
    Deno.writeFileSync(good, manifestFor({ "plico": "x" }));
    Deno.chmodSync(keyPath, 0o644);
    const open = await signRelease([good, "--key", keyPath]);
    assert.equal(open.code, 1);
    assert.match(open.stderr, /chmod 600/);
    assert.throws(() => Deno.statSync(`${good}.sig`), Deno.errors.NotFound);

    const usage = await signRelease([good]);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /usage/);
  } finally {
    dir.remove();
  }
});
