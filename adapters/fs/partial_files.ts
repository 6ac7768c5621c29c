/**
 * Names of hidden partial files (outputs under construction, mode 0600) and the removal of
 * those a killed process left behind: they may hold decrypted attachment bytes that were never
 * meant to stay on disk.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { toHex } from "../../domain/bytes.ts";

/**
 * `.NAME.partial-HEX` (an output file on its way) or `.partial-HEX` (a staged
 * attachment of an open, whose name stays off the disk until it is published).
 */
const PARTIAL_NAME = /^\.(?:.+\.)?partial-[0-9a-f]{16}$/;
/** A partial file untouched this long belongs to no live writer (writers flush every MiB). */
const STALE_PARTIAL_MS = 60_000;

function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A fresh hidden temporary name beside `path`. */
export function partialNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${randomHex(8)}`);
}

/** A fresh random run id: 8 hex digits that prefix every staged file of one open. */
export function newRunId(): string {
  return randomHex(4);
}

/** A fresh staged-attachment name in `dir` for the open `runId` (8 hex digits). */
export function stagedNameIn(dir: string, runId: string): string {
  return join(dir, `.partial-${runId}${randomHex(4)}`);
}

/** True when `name` is a staged attachment of the open `runId`. */
export function isStagedOf(name: string, runId: string): boolean {
  return PARTIAL_NAME.test(name) && name.startsWith(`.partial-${runId}`);
}

/** Removes the staged files of the open `runId` from `dir` (after that open was stopped). */
export async function removeStagedOf(dir: string, runId: string): Promise<number> {
  let removed = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !isStagedOf(entry.name, runId)) continue;
      await Deno.remove(join(dir, entry.name)).then(() => removed++, () => {});
    }
  } catch { /* the directory is gone or unreadable: nothing of ours can be removed */ }
  return removed;
}

/** Removes partial files in `dir` that no live writer has touched for a minute. */
export async function removeStalePartials(dir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !PARTIAL_NAME.test(entry.name)) continue;
    const path = join(dir, entry.name);
    try {
      const info = await Deno.lstat(path);
      if (info.mtime && now - info.mtime.getTime() >= STALE_PARTIAL_MS) {
        await Deno.remove(path);
        removed++;
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return removed;
}
