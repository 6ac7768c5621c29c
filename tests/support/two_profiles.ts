/**
 * Two unlocked in-process profiles (Alice and Bob) sharing one settable clock, for use-case
 * tests of sessions and envelopes.
 *
 * @module
 */

import { basename, join } from "node:path";
import { createProfile } from "../../application/create_profile.ts";
import type { Deps } from "../../application/deps.ts";
import { unlockProfile } from "../../application/unlock_profile.ts";
import type { UnlockedProfile } from "../../application/unlocked_profile.ts";
import { fixedClock } from "./fixed_clock.ts";
import { depsFor, tempProfileDir, TEST_PASSPHRASE } from "./profile_fixture.ts";
import { fromTemplate } from "./templates.ts";

/** One party: its deps and unlocked profile. */
export interface Party {
  readonly name: string;
  readonly dir: string;
  readonly deps: Deps;
  readonly profile: UnlockedProfile;
}

/** Creates and unlocks profiles named `names`; `close()` locks them and removes the files. */
export async function makeParties(
  names: string[],
  start = Date.UTC(2026, 5, 1),
): Promise<{ parties: Party[]; clock: ReturnType<typeof fixedClock>; close(): void }> {
  const clock = fixedClock(start);
  const dirs = names.map(() => tempProfileDir());
  const parties: Party[] = [];
  for (const [i, name] of names.entries()) {
    const dir = dirs[i]!.dir;
    // Created at `start` by the real use case, once per run (templates.ts); later tests copy it.
    await fromTemplate(`party-${name}-${start}`, dirs[i]!.root, async (into) => {
      await createProfile(depsFor(join(into, basename(dir)), { clock: fixedClock(start) }), {
        passphrase: TEST_PASSPHRASE,
        passphraseOnly: true,
      });
    });
    const deps = depsFor(dir, { clock });
    parties.push({ name, dir, deps, profile: await unlockProfile(deps, TEST_PASSPHRASE) });
  }
  return {
    parties,
    clock,
    close() {
      for (const p of parties) p.profile.lock();
      for (const d of dirs) d.remove();
    },
  };
}
