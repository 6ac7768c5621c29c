/**
 * The shape of a CLI command and the context it runs in.
 *
 * @module
 */

import type { ParseArgsConfig } from "node:util";
import type { Deps } from "../../application/deps.ts";
import type { CliIo } from "./cli_io.ts";

/** Option definitions, as `node:util` parseArgs takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parsed option values. */
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command gets besides its arguments. */
export interface CommandContext {
  readonly io: CliIo;
  readonly version: string;
  /** Builds the ports for a profile directory. */
  deps(profileDir: string): Deps;
}

/** One command, e.g. `profile create`. */
export interface Command {
  /** Words that select it, e.g. ["profile", "create"]. */
  readonly name: readonly string[];
  /** One line for the command list. */
  readonly summary: string;
  /** Positional arguments, for the usage line, e.g. "FILE". */
  readonly args: string;
  /** Longer help text (options and examples). */
  readonly help: string;
  readonly options: OptionSpec;
  /** Allowed number of positionals [min, max]. */
  readonly positionals: readonly [number, number];
  run(ctx: CommandContext, values: Values, positionals: string[]): Promise<number>;
}
