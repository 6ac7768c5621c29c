/**
 * Where a command's data goes, decided before any secret is asked for: a new file (`-o FILE`)
 * or standard output (`-o -`, or no `-o`). Binary data is never sprayed on a terminal, and
 * `--json` never shares standard output with data: both would leave the user with garbage.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { PlicoError } from "../../domain/errors.ts";
import type { CliIo } from "./cli_io.ts";
import type { Values } from "./command.ts";
import { flag, str } from "./common_options.ts";
import { writeCheck } from "./environment_errors.ts";
import { assertNewOutput } from "./files.ts";

/** What is written, for the messages ("envelope", "initiator file"). */
export interface DataKind {
  readonly what: string;
  /** True when the data is binary (not armored text). */
  readonly binary: boolean;
  /** True when the command has `-a` to write text instead. */
  readonly canArmor: boolean;
}

/**
 * Refuses when the directory a new file would go into is missing, not a directory, or does not
 * take a new file (read-only, full, no permission): found out now, not after the passphrase.
 */
export function assertParentDirectory(path: string): void {
  assertWritableDirectory(dirname(resolve(path)));
}

/** Refuses when `dir` is missing, not a directory, or does not take a new file. */
export function assertWritableDirectory(dir: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new PlicoError("io", `the directory ${dir} does not exist; create it first`);
    }
    if (e instanceof Deno.errors.NotCapable) throw e;
    throw new PlicoError("io", `cannot use the directory ${dir}: ${(e as Error).message}`);
  }
  if (!info.isDirectory) throw new PlicoError("io", `${dir} is not a directory`);
  // Nothing is written through a symbolic link; the output sink refuses one itself.
  if (Deno.lstatSync(dir).isSymlink) return;
  const refused = writeCheck(dir);
  if (refused !== null) throw refused;
}

/**
 * The output file named by `-o`, or undefined for standard output; throws (before any work)
 * when the data could not be delivered there.
 */
export function dataOutput(io: CliIo, values: Values, kind: DataKind): string | undefined {
  const out = str(values, "out");
  if (out !== undefined && out !== "-") {
    if (out === "") throw new PlicoError("usage", "-o needs a file name (or - for stdout)");
    assertNewOutput(out);
    assertParentDirectory(out);
    return out;
  }
  if (flag(values, "json")) {
    throw new PlicoError(
      "usage",
      `--json prints its report on standard output, which would mix with the ${kind.what}; ` +
        `give -o FILE`,
    );
  }
  if (kind.binary && io.stdoutIsTerminal()) {
    throw new PlicoError(
      "usage",
      `refusing to print the binary ${kind.what} on the terminal; give -o FILE, ` +
        `redirect it (> FILE)` + (kind.canArmor ? ", or add -a for a text form" : ""),
    );
  }
  return undefined;
}
