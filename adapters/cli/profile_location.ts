/**
 * Where the profile lives: `--profile DIR`, else `PLICO_HOME`, else the platform's data
 * directory (XDG on Linux). Only these environment variables are read, and only they are
 * granted by the shipped permission set.
 *
 * @module
 */

import { isAbsolute, join, resolve } from "node:path";
import { PlicoError } from "../../domain/errors.ts";
import type { CliIo } from "./cli_io.ts";

/** Resolves the profile directory to an absolute path. */
export function resolveProfileDir(io: CliIo, flag: string | undefined, os = Deno.build.os): string {
  if (flag !== undefined) {
    if (flag === "") throw new PlicoError("usage", "--profile needs a directory");
    return resolve(flag);
  }
  const home = io.env("PLICO_HOME");
  if (home) return resolve(home);
  const xdg = io.env("XDG_DATA_HOME");
  if (os !== "darwin" && xdg && isAbsolute(xdg)) return join(xdg, "plico");
  const userHome = io.env("HOME");
  if (!userHome) {
    throw new PlicoError(
      "usage",
      "cannot find a home directory for the profile; use --profile DIR or set PLICO_HOME",
    );
  }
  if (os === "darwin") return join(userHome, "Library", "Application Support", "Plico");
  return join(userHome, ".local", "share", "plico");
}
