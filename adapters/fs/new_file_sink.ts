/**
 * Output files that never overwrite and never appear half-written: data goes to a hidden
 * temporary file beside the target (mode 0600) and is hard-linked into place on commit — a link
 * fails if the target exists, so even a file created meanwhile is never replaced.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import type { AttachmentDirectory, ByteSink } from "../../application/ports.ts";
import { toHex } from "../../domain/bytes.ts";
import { PlicoError } from "../../domain/errors.ts";
import { nextFreeName } from "../../domain/package/mod.ts";
import { fsError } from "./file_source.ts";

/** Writes reach the disk in pieces this large (each write is one async op). */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/** Temporary names made by `tempName`, to recognise leftovers of killed processes. */
const PARTIAL_NAME = /^\..+\.plico-partial-[0-9a-f]{16}$/;
/** A partial file untouched this long belongs to no live writer (writers flush every few MiB). */
const STALE_PARTIAL_MS = 60_000;

/**
 * Removes partial files that a killed process left in `dir`: they may hold decrypted attachment
 * bytes that were never meant to stay on disk.
 */
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

function tempName(path: string): string {
  const suffix = toHex(crypto.getRandomValues(new Uint8Array(8)));
  return join(dirname(path), `.${basename(path)}.plico-partial-${suffix}`);
}

/**
 * A sink that becomes `path` on commit; `AlreadyExists` at commit is an `io` error.
 *
 * Bytes are gathered in one of two buffers; a full buffer is written while the caller fills the
 * other, so the file system works on one core while the cipher runs on the other. A write that
 * fails is reported by the next `write` or by `commit`, which then removes the temporary file:
 * nothing is ever published that was not completely written and synced.
 */
export async function newFileSink(path: string): Promise<ByteSink> {
  const temp = tempName(path);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
  } catch (e) {
    throw fsError(path, e);
  }
  let buffer = new Uint8Array(WRITE_BUFFER_BYTES);
  let spare = new Uint8Array(WRITE_BUFFER_BYTES);
  let filled = 0;
  let open = true;
  // The one write in flight; its promise never rejects: a failure is kept in `failure` and
  // thrown at the next call. (Syncing ahead in the background, every 64 MiB, was measured: no
  // gain on 1 GiB here, so the one fdatasync stays at commit.)
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;

  const check = () => {
    if (failure !== null) throw failure;
  };
  const writeAll = async (bytes: Uint8Array) => {
    let at = 0;
    while (at < bytes.length) at += await file.write(bytes.subarray(at));
  };
  /** Starts writing the gathered bytes; the caller goes on filling the other buffer. */
  const flush = async () => {
    await writing;
    check();
    if (filled === 0) return;
    const full = buffer.subarray(0, filled);
    [buffer, spare] = [spare, buffer];
    filled = 0;
    writing = writeAll(full).catch((e) => {
      failure ??= e;
    });
  };
  const cleanup = async () => {
    await writing;
    // Decrypted attachment bytes may sit in the buffers: they do not outlive the sink, and a
    // finished sink that is still referenced holds no memory.
    buffer.fill(0);
    spare.fill(0);
    buffer = spare = new Uint8Array(0);
    filled = 0;
    if (open) {
      open = false;
      try {
        file.close();
      } catch { /* closed */ }
    }
    await Deno.remove(temp).catch(() => {});
  };
  return {
    async write(bytes) {
      try {
        check();
        if (filled + bytes.length > buffer.length) await flush();
        if (bytes.length >= buffer.length) {
          await writing;
          check();
          await writeAll(bytes);
        } else {
          buffer.set(bytes, filled);
          filled += bytes.length;
        }
      } catch (e) {
        await cleanup();
        throw fsError(path, e);
      }
    },
    async commit() {
      try {
        await flush();
        await writing;
        check();
        await file.syncData();
        file.close();
        open = false;
        await Deno.link(temp, path);
      } catch (e) {
        await cleanup();
        if (e instanceof Deno.errors.AlreadyExists) {
          throw new PlicoError("io", `${path} already exists; Plico never overwrites files`);
        }
        throw fsError(path, e);
      }
      await cleanup();
    },
    abort: cleanup,
  };
}

/**
 * Attachments saved into `dir`, which must exist and be a real directory (not a symlink): the
 * name is used as a single path component, and a taken name gets a " (n)" suffix.
 */
export async function attachmentDirectory(dir: string): Promise<AttachmentDirectory> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(dir);
  } catch (e) {
    throw fsError(dir, e);
  }
  if (info.isSymlink) {
    throw new PlicoError("io", `${dir} is a symbolic link; give the real output directory`);
  }
  if (!info.isDirectory) throw new PlicoError("io", `${dir} is not a directory`);
  await removeStalePartials(dir);
  return {
    async create(safeName) {
      if (
        safeName === "" || safeName.includes("/") || safeName.includes("\\") ||
        safeName === "." || safeName === ".."
      ) {
        throw new PlicoError("internal", "attachment name is not a single path component");
      }
      const exists = (n: string) => {
        try {
          Deno.lstatSync(join(dir, n));
          return true;
        } catch {
          return false;
        }
      };
      // A name taken between this check and the commit is still never replaced (link refuses).
      const name = nextFreeName(safeName, exists);
      return { sink: await newFileSink(join(dir, name)), name };
    },
  };
}
