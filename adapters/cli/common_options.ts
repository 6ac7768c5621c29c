/**
 * Options shared by the commands that use a profile, and helpers to read them.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import type { OptionSpec, Values } from "./command.ts";

/** `--profile`, passphrase sources and `--json`. */
export const PROFILE_OPTIONS: OptionSpec = {
  profile: { type: "string" },
  "passphrase-file": { type: "string" },
  "passphrase-fd": { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
};

/** Help lines for `PROFILE_OPTIONS`. */
export const PROFILE_OPTIONS_HELP =
  `  --profile DIR          profile directory (default: $PLICO_HOME, else the XDG data dir)
  --passphrase-file PATH read the passphrase from a file (first line)
  --passphrase-fd N      read the passphrase from an inherited file descriptor
  --json                 machine-readable output (errors too: one JSON line on stdout)
  -q, --quiet            do not repeat the passphrase-only warning`;

/** A string option's value, or undefined. */
export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** A whole-number option from `min` to `max`, or undefined when not given. */
export function wholeNumber(
  values: Values,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  const n = /^[0-9]{1,6}$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) {
    throw new PlicoError("usage", `--${name} takes a whole number from ${min} to ${max}`);
  }
  return n;
}

/** A boolean option's value. */
export function flag(values: Values, name: string): boolean {
  return values[name] === true;
}

/** JSON output with a trailing newline. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
