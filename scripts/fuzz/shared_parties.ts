/**
 * Alice and Bob, shared by the profile-based fuzz targets of one run. Creating and unlocking a
 * profile costs two Argon2id runs at the default cost, so the targets share one pair and keep
 * apart by session labels; they run one after the other, so each target's state fingerprint
 * still sees only its own cases. `closeSharedParties()` removes the profiles at the end.
 *
 * @module
 */

import { makeParties, type Party } from "../../tests/support/two_profiles.ts";
import type { fixedClock } from "../../tests/support/fixed_clock.ts";

/** The shared pair (not connected: each target sets up its own sessions). */
export interface SharedParties {
  readonly alice: Party;
  readonly bob: Party;
  readonly clock: ReturnType<typeof fixedClock>;
}

let shared: Promise<SharedParties & { close(): void }> | null = null;

/** The pair of this run, created on first use. */
export function sharedParties(): Promise<SharedParties> {
  shared ??= makeParties(["alice", "bob"]).then((made) => {
    const [alice, bob] = made.parties as [Party, Party];
    return { alice, bob, clock: made.clock, close: made.close };
  });
  return shared;
}

/** Locks and removes the shared profiles (a no-op when none were made). */
export async function closeSharedParties(): Promise<void> {
  if (shared === null) return;
  const current = shared;
  shared = null;
  (await current).close();
}
