/**
 * What `plico open` checks before asking for the passphrase: the envelope file is there and is
 * not a file for another command, and the output directory exists (or can be made) and takes
 * new files.
 *
 * @module
 */

import { dirname } from "node:path";
import { PlicoError } from "../../domain/errors.ts";
import { openFileSource, readFull } from "../fs/file_source.ts";
import { writeCheck } from "./environment_errors.ts";
import { RECOGNIZE_HEAD_BYTES, recognizeFile } from "./recognize_file.ts";
import { shellQuote } from "./shell_quote.ts";

/**
 * Checks a named envelope file before any secret is asked: it exists, is a regular file, and is
 * not a file of another kind (a setup file or an image), which is named with its command.
 */
export async function checkEnvelopeFile(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable) throw e;
    if (e instanceof Deno.errors.NotFound) throw new PlicoError("io", `${path}: no such file`);
    throw new PlicoError("io", `${path}: ${(e as Error).message}`);
  }
  if (!info.isFile) throw new PlicoError("io", `${path}: not a regular file`);
  const head = new Uint8Array(RECOGNIZE_HEAD_BYTES);
  const source = await openFileSource(path);
  let n: number;
  try {
    n = await readFull(source, head);
  } finally {
    source.close();
  }
  const seen = recognizeFile(head.subarray(0, n), info.size);
  if (seen.kind === "maybe-envelope" || seen.kind === "armored-envelope") return;
  const hint = seen.command === null
    ? "Plico cannot open it"
    : `use '${seen.command.replace("FILE", shellQuote(path))}'`;
  throw new PlicoError("input.malformed", `${path} is ${seen.description}; ${hint}`);
}

/**
 * The output directory, checked before any secret is asked. A missing directory is created
 * (0700) when its parent exists; otherwise the error names the directory that is missing.
 */
export function checkOutDir(dir: string): { dir: string; missing: boolean } {
  try {
    // A symbolic link is refused by the open itself (its pinned directory); nothing is written
    // through one here.
    if (Deno.lstatSync(dir).isSymlink) return { dir, missing: false };
    if (!Deno.statSync(dir).isDirectory) throw new PlicoError("io", `${dir} is not a directory`);
    throwIf(writeCheck(dir));
    return { dir, missing: false };
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const parent = dirname(dir);
  try {
    if (!Deno.statSync(parent).isDirectory) {
      throw new PlicoError("io", `${parent} is not a directory`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new PlicoError(
      "io",
      `the directory ${parent} does not exist, so --out-dir ${dir} cannot be created; ` +
        `create it first`,
    );
  }
  throwIf(writeCheck(parent));
  return { dir, missing: true };
}

function throwIf(error: PlicoError | null): void {
  if (error !== null) throw error;
}
