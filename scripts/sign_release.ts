/**
 * Release signing, run by the release manager on an offline machine (HARDENING §4):
 *
 * ```sh
 * deno run --frozen --allow-read --allow-write scripts/sign_release.ts --generate-key KEYFILE
 * deno run --frozen --allow-read --allow-write scripts/sign_release.ts dist/SHA256SUMS --key KEYFILE
 * ```
 *
 * `--generate-key` writes a new secret key file (mode 0600, never over an existing file) and
 * prints the public key for `adapters/release/release_public_key.ts`. Signing refuses a
 * malformed manifest and a key file that others may read, writes `MANIFEST.sig` (or `--out`),
 * never over an existing file, and verifies what it wrote. The secret key is never kept in the
 * repository or in CI.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createCrypto } from "../adapters/crypto/crypto_adapter.ts";
import { systemRandom } from "../adapters/crypto/system_random.ts";
import { toHex, wipe } from "../domain/bytes.ts";
import { isPlicoError } from "../domain/errors.ts";
import { RELEASE_MANIFEST_MAX_BYTES } from "../domain/limits.ts";
import {
  encodeReleaseSecretKey,
  parseReleaseManifest,
  parseReleaseSecretKey,
  RELEASE_SECRET_KEY_BYTES,
  signReleaseManifest,
  verifyReleaseSignature,
} from "../domain/release/mod.ts";

const USAGE = `usage:
  sign_release.ts --generate-key OUT          write a new secret key file (0600), print the public key
  sign_release.ts MANIFEST --key KEYFILE [--out SIG]
                                              sign MANIFEST; writes MANIFEST.sig unless --out`;

class ScriptError extends Error {}

function fail(message: string): never {
  throw new ScriptError(message);
}

function readLimited(path: string, limit: number, what: string): Uint8Array {
  const info = Deno.statSync(path);
  if (!info.isFile) fail(`${what} ${path} is not a regular file`);
  if (info.size > limit) fail(`${what} ${path} is larger than ${limit} bytes`);
  return Deno.readFileSync(path);
}

function writeNew(path: string, data: Uint8Array, mode: number): void {
  try {
    Deno.writeFileSync(path, data, { createNew: true, mode });
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) fail(`${path} exists; it is never overwritten`);
    throw e;
  }
  // The umask may have cleared bits, never added any; make the mode exact.
  if (Deno.build.os !== "windows") Deno.chmodSync(path, mode);
}

function generateKey(out: string): void {
  const crypto = createCrypto();
  const seed = systemRandom.randomBytes(32);
  const text = encodeReleaseSecretKey(seed);
  try {
    writeNew(out, text, 0o600);
    const publicKey = toHex(crypto.ed25519PublicKey(seed));
    console.log(`public key: ${publicKey}`);
    console.error(
      `sign_release: wrote the secret key to ${out} (0600). Keep it offline; put the public ` +
        `key into adapters/release/release_public_key.ts.`,
    );
  } finally {
    wipe(seed, text);
  }
}

function readSecretKey(path: string): Uint8Array {
  if (Deno.build.os !== "windows") {
    const mode = Deno.statSync(path).mode ?? 0;
    if ((mode & 0o077) !== 0) {
      fail(
        `${path} may be read by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it first`,
      );
    }
  }
  const text = readLimited(path, RELEASE_SECRET_KEY_BYTES, "key file");
  try {
    return parseReleaseSecretKey(text);
  } finally {
    wipe(text);
  }
}

function sign(manifestPath: string, keyPath: string, out: string): void {
  const crypto = createCrypto();
  const manifest = readLimited(manifestPath, RELEASE_MANIFEST_MAX_BYTES, "manifest");
  const entries = parseReleaseManifest(manifest).entries.length;
  const seed = readSecretKey(keyPath);
  let signature: Uint8Array;
  let publicKey: Uint8Array;
  try {
    signature = signReleaseManifest(crypto, seed, manifest);
    publicKey = crypto.ed25519PublicKey(seed);
  } finally {
    wipe(seed);
  }
  // What we publish must pass the exact check the shipped verifier runs.
  verifyReleaseSignature(crypto, [publicKey], manifest, signature);
  writeNew(out, signature, 0o644);
  console.log(`signed ${entries} file(s) with key ${toHex(publicKey)}: ${out}`);
}

function main(args: string[]): void {
  const { values, positionals } = parseArgs({
    args,
    options: {
      "generate-key": { type: "string" },
      key: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values["generate-key"] !== undefined) {
    if (positionals.length > 0 || values.key !== undefined || values.out !== undefined) {
      fail(USAGE);
    }
    return generateKey(values["generate-key"]);
  }
  if (positionals.length !== 1 || values.key === undefined) fail(USAGE);
  const manifest = positionals[0]!;
  sign(manifest, values.key, values.out ?? `${manifest}.sig`);
}

if (import.meta.main) {
  try {
    main(Deno.args);
  } catch (e) {
    const known = e instanceof ScriptError || isPlicoError(e) || e instanceof TypeError ||
      e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied;
    console.error(`sign_release: ${known ? (e as Error).message : String(e)}`);
    Deno.exit(1);
  }
}
