/**
 * An output directory pinned by identity (docs/RELIABILITY.md "Only where asked"). Deno has no
 * `openat`: every file operation goes by path, so a directory swapped for a symlink (or moved
 * and replaced) between two operations would be followed. The pin records the directory's
 * device and inode and its real path when it is checked; `check()` runs again before each create
 * and each publish, and `contains()` verifies after the fact that a file really landed inside.
 * What remains is the short window between a `check()` and the next system call; it is
 * documented, and the after-the-fact check detects its use.
 *
 * @module
 */

import { dirname } from "node:path";
import { PlicoError } from "../../domain/errors.ts";
import { fsError } from "./file_source.ts";

/** A directory as it was when pinned. */
export interface PinnedDirectory {
  readonly path: string;
  /** The resolved real path at pin time. */
  readonly realPath: string;
  /** Throws `io` when `path` no longer is the same real directory. */
  check(): Promise<void>;
  /** `check()`, synchronously (inside the commit's transaction). */
  checkSync(): void;
  /** True when the file at `path` really lies directly inside the pinned directory. */
  contains(path: string): Promise<boolean>;
  /** `contains()`, synchronously. */
  containsSync(path: string): boolean;
}

function moved(path: string): PlicoError {
  return new PlicoError(
    "io",
    `the output directory ${path} was moved, replaced or made a symbolic link while Plico ` +
      "was using it; nothing was written there",
  );
}

/** Pins `path`, which must exist and be a real directory (not a symbolic link). */
export async function pinDirectory(path: string): Promise<PinnedDirectory> {
  let info: Deno.FileInfo;
  let realPath: string;
  try {
    info = await Deno.lstat(path);
    if (info.isSymlink) {
      throw new PlicoError("io", `${path} is a symbolic link; give the real output directory`);
    }
    if (!info.isDirectory) throw new PlicoError("io", `${path} is not a directory`);
    realPath = await Deno.realPath(path);
  } catch (e) {
    throw fsError(path, e);
  }
  const { dev, ino } = info;
  const same = (now: Deno.FileInfo, real: string) =>
    !now.isSymlink && now.isDirectory && now.dev === dev && now.ino === ino && real === realPath;
  return {
    path,
    realPath,
    async check() {
      let ok: boolean;
      try {
        ok = same(await Deno.lstat(path), await Deno.realPath(path));
      } catch {
        ok = false;
      }
      if (!ok) throw moved(path);
    },
    checkSync() {
      let ok: boolean;
      try {
        ok = same(Deno.lstatSync(path), Deno.realPathSync(path));
      } catch {
        ok = false;
      }
      if (!ok) throw moved(path);
    },
    async contains(file) {
      try {
        return dirname(await Deno.realPath(file)) === realPath;
      } catch {
        return false;
      }
    },
    containsSync(file) {
      try {
        return dirname(Deno.realPathSync(file)) === realPath;
      } catch {
        return false;
      }
    },
  };
}
