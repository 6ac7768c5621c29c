/**
 * The file access `verifyRelease` needs, on the real file system: paths next to the manifest
 * and streaming SHA-256 (release binaries are ~100 MB; memory stays at one read buffer).
 *
 * @module
 */

import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { ReleaseFiles } from "../../application/verify_release.ts";
import { PlicoError } from "../../domain/errors.ts";

/** SHA-256 of the regular file at `path`, or null when it does not exist. */
export async function fileSha256(path: string): Promise<Uint8Array | null> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new PlicoError("io", `${path}: ${(e as Error).message}`);
  }
  try {
    // Only regular files: a FIFO or device would never end or be something else entirely.
    if (!(await file.stat()).isFile) throw new PlicoError("io", `${path}: not a regular file`);
    const hash = createHash("sha256");
    for await (const chunk of file.readable) hash.update(chunk);
    return new Uint8Array(hash.digest());
  } catch (e) {
    try {
      file.close();
    } catch { /* already closed by the stream */ }
    throw e;
  }
}

/** `ReleaseFiles` for a manifest at `manifestPath`. */
export function releaseFilesBeside(manifestPath: string): ReleaseFiles {
  const dir = dirname(manifestPath);
  return {
    besideManifest: (name) => join(dir, name),
    nameOf: (path) => basename(path),
    sha256: fileSha256,
  };
}
