/**
 * Use case: `plico verify-release` (HARDENING §4.4): checks a downloaded build on an offline
 * machine. First the signature of the `SHA256SUMS` manifest against the release keys this
 * build trusts, then the SHA-256 of each file against the signed manifest.
 *
 * @module
 */

import { timingSafeEqual, toHex } from "../domain/bytes.ts";
import type { CryptoPort } from "../domain/ports.ts";
import {
  findReleaseEntry,
  parseReleaseManifest,
  verifyReleaseSignature,
} from "../domain/release/mod.ts";

/** Access to the files being checked. */
export interface ReleaseFiles {
  /** The path of a file called `name` in the manifest's directory. */
  besideManifest(name: string): string;
  /** The file-name part of `path` (what a manifest lists). */
  nameOf(path: string): string;
  /** The SHA-256 of the regular file at `path`, or null when there is no such file. */
  sha256(path: string): Promise<Uint8Array | null>;
}

/** What the use case needs. `trustedKeys` are raw 32-byte Ed25519 public keys. */
export interface VerifyReleaseDeps {
  readonly crypto: CryptoPort;
  readonly trustedKeys: readonly Uint8Array[];
  readonly files: ReleaseFiles;
}

/** What to check: the two files' bytes and, optionally, the paths of the files to check. */
export interface VerifyReleaseRequest {
  readonly manifest: Uint8Array;
  readonly signature: Uint8Array;
  /** Files to check. Empty: every listed file found next to the manifest. */
  readonly paths: readonly string[];
}

/** The outcome for one file. */
export interface FileOutcome {
  readonly name: string;
  readonly path: string;
  /**
   * `ok`: the hash matches; `mismatch`: it does not; `missing`: no such file; `unlisted`: the
   * signed manifest does not list this name.
   */
  readonly status: "ok" | "mismatch" | "missing" | "unlisted";
}

/** The result: `verified` only when every requested file is present and matches. */
export interface VerifyReleaseResult {
  /** Hex of the trusted key that signed the manifest. */
  readonly key: string;
  readonly files: readonly FileOutcome[];
  readonly verified: boolean;
}

/**
 * Verifies the signature (throwing `crypto.auth_failed` when it does not hold, `input.*` for a
 * malformed signature or manifest), then hashes the files. With explicit paths every one must
 * be listed, present and matching. Without, every listed file that is present next to the
 * manifest must match (others are reported `missing`, since a user usually downloads only the
 * build for their platform), and at least one must be present.
 */
export async function verifyRelease(
  deps: VerifyReleaseDeps,
  request: VerifyReleaseRequest,
): Promise<VerifyReleaseResult> {
  const key = verifyReleaseSignature(
    deps.crypto,
    deps.trustedKeys,
    request.manifest,
    request.signature,
  );
  const manifest = parseReleaseManifest(request.manifest);
  const explicit = request.paths.length > 0;
  const wanted = explicit
    ? request.paths.map((path) => ({ path, name: deps.files.nameOf(path) }))
    : manifest.entries.map((e) => ({ path: deps.files.besideManifest(e.name), name: e.name }));

  const files: FileOutcome[] = [];
  for (const { path, name } of wanted) {
    const entry = findReleaseEntry(manifest, name);
    if (entry === undefined) {
      files.push({ name, path, status: "unlisted" });
      continue;
    }
    const digest = await deps.files.sha256(path);
    const status = digest === null
      ? "missing"
      : timingSafeEqual(digest, entry.sha256)
      ? "ok"
      : "mismatch";
    files.push({ name, path, status });
  }
  const bad = files.some((f) =>
    f.status === "mismatch" || f.status === "unlisted" || (explicit && f.status === "missing")
  );
  const verified = !bad && files.some((f) => f.status === "ok");
  return { key: toHex(key), files, verified };
}
