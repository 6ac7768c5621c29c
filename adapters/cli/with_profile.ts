/**
 * Runs a command body with the profile unlocked: resolves the directory, reports a missing
 * profile before asking for a passphrase, unlocks (three tries at a terminal, or the keys
 * `plico shell` holds), shows warnings, and always locks (wiping keys) and closes the database
 * afterwards. Storage trouble (read-only volume, full disk, busy profile) is named as such.
 *
 * @module
 */

import type { Deps } from "../../application/deps.ts";
import { unlockMaster } from "../../application/unlock_profile.ts";
import type { UnlockedMaster, UnlockedProfile } from "../../application/unlocked_profile.ts";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import { listSessions } from "../../application/session_queries.ts";
import type { CommandContext, Values } from "./command.ts";
import { whileInterruptible } from "./interrupts.ts";
import { str } from "./common_options.ts";
import { hasPassphraseSource, readPassphrase } from "./passphrase_source.ts";
import { showWarnings } from "./warnings.ts";
import { storageTrouble } from "./environment_errors.ts";
import { resolveProfileDir } from "./profile_location.ts";

/** Tries a person gets at the terminal prompt before the command gives up (as sudo). */
export const TERMINAL_TRIES = 3;

/**
 * Asks for the passphrase and runs `unlock` with it. At a terminal a wrong passphrase is asked
 * again, up to `TERMINAL_TRIES` times; a file or descriptor gets one try (a script repeating a
 * wrong secret would only feed the rate limit).
 */
export async function unlockWithTries<T>(
  ctx: CommandContext,
  values: Values,
  profileDir: string,
  unlock: (passphrase: string) => Promise<T>,
): Promise<T> {
  const interactive = !hasPassphraseSource(values);
  for (let attempt = 1;; attempt++) {
    // The prompt names the profile: with two of them on one machine, people type the wrong one.
    const passphrase = await readPassphrase(ctx.io, values, `Passphrase for ${profileDir}`);
    try {
      return await unlock(passphrase);
    } catch (e) {
      if (!interactive || attempt >= TERMINAL_TRIES || !isPlicoError(e, "profile.bad_passphrase")) {
        throw e;
      }
      const left = TERMINAL_TRIES - attempt;
      ctx.io.err(`Wrong passphrase; try again (${left} ${left === 1 ? "try" : "tries"} left).\n`);
    }
  }
}

/**
 * Unlocks the profile at `dir`: with the keys `plico shell` holds when it holds them, else with
 * the passphrase (which the shell then keeps for the rest of its sitting). A passphrase source
 * named on the line is always checked afresh, so `--passphrase-file WRONG` never passes.
 */
async function unlockHeldOrAsk(
  ctx: CommandContext,
  values: Values,
  deps: Deps,
  dir: string,
): Promise<UnlockedMaster> {
  const own = hasPassphraseSource(values);
  const held = own ? null : ctx.held?.open(dir, deps) ?? null;
  if (held !== null) return held;
  const master = await unlockWithTries(
    ctx,
    own ? values : ctx.held?.sourceFor(dir) ?? values,
    deps.repo.location,
    (p) => whileInterruptible((signal) => unlockMaster(deps, p, signal)),
  );
  ctx.held?.keep(dir, master);
  return master;
}

/** A missing session is easier to fix when the error names the ones that exist. */
function withKnownLabels(e: PlicoError, profile: UnlockedProfile): PlicoError {
  const labels = listSessions(profile).map((s) => JSON.stringify(s.label));
  const known = labels.length === 0
    ? "this profile has no sessions yet (start one with 'plico session new --label NAME')"
    : `sessions in this profile: ${labels.join(", ")}`;
  return new PlicoError(e.code, `${e.message}; ${known}`);
}

/** Builds the deps of the selected profile and runs `fn`, closing the database afterwards. */
export async function withDeps<T>(
  ctx: CommandContext,
  values: Values,
  fn: (deps: Deps, dir: string) => Promise<T>,
): Promise<T> {
  const dir = resolveProfileDir(ctx.io, str(values, "profile"));
  const deps = ctx.deps(dir);
  try {
    return await fn(deps, dir);
  } catch (e) {
    throw storageTrouble(e, dir) ?? e;
  } finally {
    deps.repo.close();
  }
}

/** Unlocks the selected profile and runs `fn` with it. */
export function withProfile<T>(
  ctx: CommandContext,
  values: Values,
  fn: (deps: Deps, profile: UnlockedProfile) => Promise<T> | T,
  options: { readonly alwaysWarn?: boolean } = {},
): Promise<T> {
  return withDeps(ctx, values, async (deps, dir) => {
    deps.repo.readHeader(); // a missing profile is reported before a passphrase is asked
    const profile: UnlockedProfile = await unlockHeldOrAsk(ctx, values, deps, dir);
    try {
      showWarnings(ctx, values, deps.repo.location, profile.warnings, options.alwaysWarn);
      return await fn(deps, profile);
    } catch (e) {
      throw isPlicoError(e, "session.not_found") ? withKnownLabels(e, profile) : e;
    } finally {
      profile.lock();
    }
  });
}

/**
 * Like `withProfile`, for commands that hand the unlocked profile to a sandboxed worker (which
 * needs the master key and the profile directory).
 */
export function withMasterKey<T>(
  ctx: CommandContext,
  values: Values,
  fn: (deps: Deps, master: UnlockedMaster, dir: string) => Promise<T>,
): Promise<T> {
  return withDeps(ctx, values, async (deps, dir) => {
    deps.repo.readHeader();
    const master = await unlockHeldOrAsk(ctx, values, deps, dir);
    try {
      showWarnings(ctx, values, deps.repo.location, master.warnings);
      // The worker opens the database itself; this process lets go of it first.
      deps.repo.close();
      return await fn(deps, master, dir);
    } finally {
      master.lock();
    }
  });
}
