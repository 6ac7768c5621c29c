/**
 * The shape of a CLI command and the context it runs in.
 *
 * @module
 */

import type { ParseArgsConfig } from "node:util";
import type { CarrierDeps } from "../../application/carrier.ts";
import type { Deps } from "../../application/deps.ts";
import type { QrDeps } from "../../application/qr_transfer.ts";
import type { VerifyReleaseDeps } from "../../application/verify_release.ts";
import type { UnlockedMaster } from "../../application/unlocked_profile.ts";
import type { CliIo } from "./cli_io.ts";

/** Option definitions, as `node:util` parseArgs takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/** Parsed option values. */
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Rights a command keeps after start; everything else in the permission set is revoked. */
export interface Rights {
  /** Listening on and connecting to 127.0.0.1 (only `ui`). */
  readonly loopback: boolean;
  /** The D-Bus session bus socket of the OS credential store. */
  readonly credentialStore: boolean;
  /** Reading the permitted environment variables (profile location, bus address). */
  readonly env: boolean;
}

/** The rights of a command that opens a profile: no IP network at all. */
export const PROFILE_RIGHTS: Rights = { loopback: false, credentialStore: true, env: true };
/** The rights of a command that touches no profile: nothing beyond its named files. */
export const NO_RIGHTS: Rights = { loopback: false, credentialStore: false, env: false };

/** What a command gets besides its arguments. */
export interface CommandContext {
  readonly io: CliIo;
  readonly version: string;
  /** Revokes the rights the selected command does not need (the real process only). */
  dropRights?(rights: Rights): Promise<void>;
  /** Builds the ports for a profile directory. */
  deps(profileDir: string): Deps;
  /** The ports of the PNG carrier (no profile involved). */
  carrierDeps(): CarrierDeps;
  /** The ports of `plico qr` (no profile involved). */
  qrDeps(): QrDeps;
  /** The ports of `verify-release` for the manifest at `manifestPath` (embedded release keys). */
  releaseDeps(manifestPath: string): VerifyReleaseDeps;
  /** The profiles `plico shell` holds unlocked: commands for them ask no passphrase. */
  readonly held?: HeldProfile;
}

/** Unlocked profiles kept for a sitting (`plico shell`). */
export interface HeldProfile {
  /**
   * The profile at the absolute directory `dir`, unlocked over `deps`, with its own copies of
   * the keys (`lock()` wipes them), or null when the sitting does not hold it (or has locked).
   */
  open(dir: string, deps: Deps): UnlockedMaster | null;
  /** Keeps copies of the keys of a profile a command of the sitting has just unlocked. */
  keep(dir: string, master: UnlockedMaster): void;
  /** The passphrase options to unlock `dir` with when a line names none (the shell's own). */
  sourceFor(dir: string): Values | undefined;
}

/** One command, e.g. `profile create`. */
export interface Command {
  /** Words that select it, e.g. ["profile", "create"]. */
  readonly name: readonly string[];
  /** One line for the command list. */
  readonly summary: string;
  /** Positional arguments, for the usage line, e.g. "FILE". */
  readonly args: string;
  /** The options, one per line as `--help` prints them (docs/CLI.md must list each). */
  readonly help: string;
  /** Command lines that work as written, shown under "Examples" in `--help`. */
  readonly examples: readonly string[];
  readonly options: OptionSpec;
  /** Rights kept after start (default: `PROFILE_RIGHTS`). */
  readonly rights?: Rights;
  /** Allowed number of positionals [min, max]. */
  readonly positionals: readonly [number, number];
  run(ctx: CommandContext, values: Values, positionals: string[]): Promise<number>;
}
