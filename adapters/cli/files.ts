/**
 * Reading named input files (bounded) and writing output files that never overwrite anything
 * and never leave a partial file behind: the data goes to a temporary name in the same
 * directory and is published only when complete (`adapters/fs/publish_file.ts`).
 *
 * @module
 */

import { join } from "node:path";
import { PlicoError } from "../../domain/errors.ts";
import { partialNameFor } from "../fs/partial_files.ts";
import { publishNewFile } from "../fs/publish_file.ts";
import type { CliIo } from "./cli_io.ts";
import { readBounded } from "./deno_cli_io.ts";

function ioError(what: string, e: unknown): PlicoError {
  if (e instanceof Deno.errors.NotFound) return new PlicoError("io", `${what}: no such file`);
  if (e instanceof Deno.errors.PermissionDenied) {
    return new PlicoError("io", `${what}: permission denied`);
  }
  if (e instanceof Deno.errors.IsADirectory) return new PlicoError("io", `${what}: is a directory`);
  if (e instanceof Deno.errors.NotCapable) throw e;
  return new PlicoError("io", `${what}: ${(e as Error).message}`);
}

/** Reads a whole input file (`-` = standard input), refusing more than `limit` bytes. */
export async function readInput(io: CliIo, path: string, limit: number): Promise<Uint8Array> {
  if (path === "-") return await io.readStdin(limit);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    throw ioError(path, e);
  }
  try {
    const info = await file.stat();
    if (info.isDirectory) {
      throw new PlicoError(
        "io",
        `${path} is a directory; give the file itself (several files: a pattern such as ` +
          `${join(path, "*")})`,
      );
    }
    if (!info.isFile) throw new PlicoError("io", `${path}: not a regular file; give a file`);
    if (info.size > limit) {
      throw new PlicoError("input.too_large", `${path} is larger than ${limit} bytes`);
    }
    return await readBounded(file.readable, limit, path);
  } catch (e) {
    try {
      file.close();
    } catch { /* already closed by the stream */ }
    throw e;
  }
}

/** Writes `data` to a new file at `path` (0600); refuses to replace an existing file. */
export async function writeNewFile(path: string, data: Uint8Array): Promise<void> {
  const temp = partialNameFor(path);
  try {
    await Deno.writeFile(temp, data, { createNew: true, mode: 0o600 });
    await publishNewFile(temp, path);
  } catch (e) {
    if (e instanceof PlicoError) throw e;
    throw ioError(path, e);
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
}

/** Writes output to `path`, or to standard output when `path` is `-` or absent. */
export async function writeOutput(
  io: CliIo,
  path: string | undefined,
  data: Uint8Array,
): Promise<void> {
  if (path === undefined || path === "-") io.outBytes(data);
  else await writeNewFile(path, data);
}

/**
 * Refuses early when an output path is taken, so a command does its work only when it can
 * deliver the result (the final write still refuses to replace a file that appears meanwhile).
 */
export function assertNewOutput(path: string | undefined): void {
  if (path === undefined || path === "-") return;
  try {
    Deno.lstatSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw ioError(path, e);
  }
  throw new PlicoError("io", `${path} already exists; Plico never overwrites files`);
}
