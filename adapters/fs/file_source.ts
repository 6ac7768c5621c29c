/**
 * Files as `ByteSource` / `Rereadable`: bounded reads straight from disk, nothing buffered
 * beyond the caller's chunk.
 *
 * @module
 */

import type { ByteSource, Rereadable } from "../../application/ports.ts";
import { PlicoError } from "../../domain/errors.ts";

/** Clear words for the errors an output directory meets most (by errno name). */
const CAUSES: Readonly<Record<string, string>> = {
  EROFS: "the file system is read-only; choose another place (for example --out-dir DIR)",
  ENOSPC: "the disk is full; free some space or choose another place",
  EDQUOT: "the disk quota is exhausted; free some space or choose another place",
  EACCES: "permission denied; choose a directory you can write to",
  EPERM: "the operation is not permitted on this file system",
  ENAMETOOLONG: "the file name is too long for this file system",
  EMFILE: "too many open files",
};

/** Maps file-system errors to clear `io` errors; sandbox refusals pass through. */
export function fsError(path: string, e: unknown): Error {
  if (e instanceof Deno.errors.NotCapable) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && CAUSES[code] !== undefined) {
    return new PlicoError("io", `${path}: ${CAUSES[code]}`);
  }
  if (e instanceof Deno.errors.NotFound) return new PlicoError("io", `${path}: no such file`);
  if (e instanceof Deno.errors.PermissionDenied) {
    return new PlicoError("io", `${path}: permission denied`);
  }
  if (e instanceof Deno.errors.IsADirectory) return new PlicoError("io", `${path}: is a directory`);
  if (e instanceof PlicoError) return e;
  return new PlicoError("io", `${path}: ${(e as Error).message}`);
}

/** Opens a regular file for reading. */
export async function openFileSource(path: string): Promise<ByteSource> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    throw fsError(path, e);
  }
  return {
    read: async (into) => {
      try {
        return await file.read(into);
      } catch (e) {
        throw fsError(path, e);
      }
    },
    close: () => {
      try {
        file.close();
      } catch { /* already closed */ }
    },
  };
}

/** A regular file that can be read more than once; its size is taken now. */
export async function rereadableFile(path: string): Promise<Rereadable> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    throw fsError(path, e);
  }
  if (!info.isFile) throw new PlicoError("io", `${path}: not a regular file`);
  return { size: info.size, open: () => openFileSource(path) };
}

/** Fills `buf` completely unless the source ends; returns the number of bytes read. */
export async function readFull(source: ByteSource, buf: Uint8Array): Promise<number> {
  let at = 0;
  while (at < buf.length) {
    const n = await source.read(buf.subarray(at));
    if (n === null) break;
    at += n;
  }
  return at;
}
