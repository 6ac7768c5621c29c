/**
 * Runs a command body with the profile unlocked: resolves the directory, reports a missing
 * profile before asking for a passphrase, unlocks, shows warnings, and always locks (wiping
 * keys) and closes the database afterwards.
 *
 * @module
 */

import type { Deps } from "../../application/deps.ts";
import { unlockMaster, unlockProfile } from "../../application/unlock_profile.ts";
import type { UnlockedMaster, UnlockedProfile } from "../../application/unlocked_profile.ts";
import type { CommandContext, Values } from "./command.ts";
import { whileInterruptible } from "./interrupts.ts";
import { str } from "./common_options.ts";
import { readPassphrase } from "./passphrase_source.ts";
import { resolveProfileDir } from "./profile_location.ts";

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
  } finally {
    deps.repo.close();
  }
}

/** Unlocks the selected profile and runs `fn` with it. */
export function withProfile<T>(
  ctx: CommandContext,
  values: Values,
  fn: (deps: Deps, profile: UnlockedProfile) => Promise<T> | T,
): Promise<T> {
  return withDeps(ctx, values, async (deps) => {
    deps.repo.readHeader(); // a missing profile is reported before a passphrase is asked
    const passphrase = await readPassphrase(ctx.io, values, "Passphrase");
    // Ctrl-C during the KDF settles the attempt as abandoned instead of leaving it pending.
    const profile = await whileInterruptible((signal) => unlockProfile(deps, passphrase, signal));
    try {
      for (const w of profile.warnings) ctx.io.err(w + "\n");
      return await fn(deps, profile);
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
    const passphrase = await readPassphrase(ctx.io, values, "Passphrase");
    const master = await whileInterruptible((signal) => unlockMaster(deps, passphrase, signal));
    try {
      for (const w of master.warnings) ctx.io.err(w + "\n");
      // The worker opens the database itself; this process lets go of it first.
      deps.repo.close();
      return await fn(deps, master, dir);
    } finally {
      master.lock();
    }
  });
}
