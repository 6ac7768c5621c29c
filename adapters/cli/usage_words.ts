/**
 * Usage errors in Plico's words: `node:util` parseArgs reports "Unknown option '--tto'. To
 * specify a positional argument starting with a '-', place it at the end of the command after
 * '--'..." which tells a person little. Here: what was wrong, the nearest valid spelling, and
 * where the help is.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import type { OptionSpec } from "./command.ts";

/** Edit distance between two short words (options and command names). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The candidate closest to `word`, when it is close enough to be a typo of it. */
export function didYouMean(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // One- and two-letter words are near everything: no guess for them.
  const allowed = word.length <= 2 ? 0 : Math.max(2, Math.floor(word.length / 3));
  return best !== null && bestDistance <= allowed ? best : null;
}

/** The option spellings a command takes: `--name` and `-x`. */
function spellings(options: OptionSpec): string[] {
  return Object.entries(options).flatMap(([name, o]) =>
    o.short === undefined ? [`--${name}`] : [`--${name}`, `-${o.short}`]
  );
}

/** The error parseArgs threw, said plainly for `plico <commandName>`. */
export function usageFromParseArgs(
  e: unknown,
  commandName: string,
  options: OptionSpec,
): PlicoError {
  const code = (e as { code?: string }).code;
  const message = (e as Error).message ?? "";
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const given = quoted.split("=")[0]!;
    const near = didYouMean(given, spellings(options));
    return new PlicoError(
      "usage",
      `'plico ${commandName}' has no option ${given}` + (near ? `; did you mean ${near}?` : ""),
    );
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const name = /--[A-Za-z0-9-]+/.exec(quoted || message)?.[0] ??
      /-[A-Za-z0-9]/.exec(quoted || message)?.[0] ?? "the option";
    const spec = options[name.replace(/^--?/, "")];
    return new PlicoError(
      "usage",
      spec?.type === "boolean" ? `${name} takes no value` : `${name} needs a value`,
    );
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return new PlicoError("usage", `'plico ${commandName}' takes no argument '${quoted}'`);
  }
  return new PlicoError("usage", `cannot read the command line: ${message}`);
}
