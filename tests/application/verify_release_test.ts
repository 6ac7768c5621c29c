import assert from "node:assert/strict";
import { join } from "node:path";
import { verifyRelease, type VerifyReleaseDeps } from "../../application/verify_release.ts";
import { toHex, utf8 } from "../../domain/bytes.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { signReleaseManifest } from "../../domain/release/mod.ts";
import { fileSha256, releaseFilesBeside } from "../../adapters/release/release_files.ts";
import { crypto, manifestFor, testKey } from "../domain/release/release_fixture.ts";
import { tempDir } from "../support/run_plico.ts";

const key = testKey("verify release use case");
const LINUX = "plico-0.1.0-x86_64-unknown-linux-gnu";
const MAC = "plico-0.1.0-aarch64-apple-darwin";
const BUILDS: Record<string, string> = { [LINUX]: "linux build bytes", [MAC]: "mac build bytes" };

/** A release directory with SHA256SUMS and its signature; `present` builds are written. */
function release(present: string[]) {
  const dir = tempDir("plico-release-");
  const manifest = manifestFor(BUILDS);
  const manifestPath = join(dir.path, "SHA256SUMS");
  Deno.writeFileSync(manifestPath, manifest);
  for (const name of present) Deno.writeTextFileSync(join(dir.path, name), BUILDS[name]!);
  const signature = signReleaseManifest(crypto, key.seed, manifest);
  const deps: VerifyReleaseDeps = {
    crypto,
    trustedKeys: [key.publicKey],
    files: releaseFilesBeside(manifestPath),
  };
  return { dir, manifest, signature, deps };
}

Deno.test("verifyRelease checks every listed file found next to the manifest", async () => {
  const r = release([LINUX]);
  try {
    const result = await verifyRelease(r.deps, { ...r, paths: [] });
    assert.equal(result.verified, true);
    assert.equal(result.key, toHex(key.publicKey));
    assert.deepEqual(result.files.map((f) => [f.name, f.status]), [
      [LINUX, "ok"],
      [MAC, "missing"],
    ]);
  } finally {
    r.dir.remove();
  }
});

Deno.test("verifyRelease checks named files by their file name, wherever they are", async () => {
  const r = release([]);
  const elsewhere = tempDir("plico-download-");
  try {
    const path = join(elsewhere.path, LINUX);
    Deno.writeTextFileSync(path, BUILDS[LINUX]!);
    const result = await verifyRelease(r.deps, { ...r, paths: [path] });
    assert.equal(result.verified, true);
    assert.deepEqual(result.files, [{ name: LINUX, path, status: "ok" }]);
  } finally {
    r.dir.remove();
    elsewhere.remove();
  }
});

Deno.test("verifyRelease reports a file whose hash differs and does not verify", async () => {
  const r = release([LINUX, MAC]);
  try {
    const bytes = Deno.readFileSync(join(r.dir.path, MAC));
    bytes[bytes.length - 1]! ^= 1;
    Deno.writeFileSync(join(r.dir.path, MAC), bytes);
    for (const paths of [[], [join(r.dir.path, MAC)]]) {
      const result = await verifyRelease(r.deps, { ...r, paths });
      assert.equal(result.verified, false);
      assert.equal(result.files.find((f) => f.name === MAC)!.status, "mismatch");
    }
  } finally {
    r.dir.remove();
  }
});

Deno.test("verifyRelease refuses a named file the manifest does not list, or one that is missing", async () => {
  const r = release([LINUX]);
  try {
    const stranger = join(r.dir.path, "plico-evil");
    Deno.writeTextFileSync(stranger, "anything");
    const unlisted = await verifyRelease(r.deps, {
      ...r,
      paths: [join(r.dir.path, LINUX), stranger],
    });
    assert.equal(unlisted.verified, false);
    assert.deepEqual(unlisted.files.map((f) => f.status), ["ok", "unlisted"]);
    const missing = await verifyRelease(r.deps, { ...r, paths: [join(r.dir.path, MAC)] });
    assert.equal(missing.verified, false);
    assert.deepEqual(missing.files.map((f) => f.status), ["missing"]);
  } finally {
    r.dir.remove();
  }
});

Deno.test("verifyRelease does not verify when no listed file is present", async () => {
  const r = release([]);
  try {
    const result = await verifyRelease(r.deps, { ...r, paths: [] });
    assert.equal(result.verified, false);
    assert.deepEqual(result.files.map((f) => f.status), ["missing", "missing"]);
  } finally {
    r.dir.remove();
  }
});

Deno.test("verifyRelease throws before hashing anything when the signature is bad or untrusted", async () => {
  const r = release([LINUX]);
  try {
    let hashed = 0;
    const counting: VerifyReleaseDeps = {
      ...r.deps,
      files: { ...r.deps.files, sha256: (p) => (hashed++, fileSha256(p)) },
    };
    const tampered = r.manifest.slice();
    tampered[0] = tampered[0] === 0x30 ? 0x31 : 0x30;
    await assert.rejects(
      verifyRelease(counting, { manifest: tampered, signature: r.signature, paths: [] }),
      (e) => isPlicoError(e, "crypto.auth_failed"),
    );
    const wrongKey = { ...counting, trustedKeys: [testKey("not the signer").publicKey] };
    await assert.rejects(
      verifyRelease(wrongKey, { ...r, paths: [] }),
      (e) => isPlicoError(e, "crypto.auth_failed"),
    );
    assert.equal(hashed, 0);
  } finally {
    r.dir.remove();
  }
});

Deno.test("verifyRelease refuses a malformed manifest even when it is signed", async () => {
  const r = release([LINUX]);
  try {
    const bad = utf8(`${"ab".repeat(32)}  ../${LINUX}\n`);
    // Signed bypassing signReleaseManifest's own check, as an attacker with the key could.
    const sig = new TextEncoder().encode(
      `plico release signature v1\nkey: ${toHex(key.publicKey)}\nsig: ${
        toHex(
          crypto.ed25519Sign(
            key.seed,
            new Uint8Array([...utf8("plico/v2/release-manifest"), 0, ...bad]),
          ),
        )
      }\n`,
    );
    await assert.rejects(
      verifyRelease(r.deps, { manifest: bad, signature: sig, paths: [] }),
      (e) => isPlicoError(e, "input.malformed"),
    );
  } finally {
    r.dir.remove();
  }
});

Deno.test("fileSha256 hashes large files in a stream and refuses what is not a regular file", async () => {
  const dir = tempDir();
  try {
    const big = new Uint8Array(5 * 1024 * 1024 + 3).map((_, i) => i * 7);
    Deno.writeFileSync(join(dir.path, "big"), big);
    assert.deepEqual(await fileSha256(join(dir.path, "big")), crypto.sha256(big));
    assert.equal(await fileSha256(join(dir.path, "absent")), null);
    await assert.rejects(fileSha256(dir.path), (e) => isPlicoError(e, "io"));
  } finally {
    dir.remove();
  }
});
