/**
 * Use case: accept an older copy of the profile as the latest (`plico profile accept-copy`),
 * the way out of `profile.rolled_back` when no newer copy exists (PROTOCOL §2.6). Every session
 * is removed, because its keys may be older than envelopes already opened; the identity, the
 * known peers and the burn registry stay, so peers see the same identity in new sessions and no
 * envelope opened before can open again.
 *
 * @module
 */

import type { Deps } from "./deps.ts";
import { unlockMaster } from "./unlock_profile.ts";

/** What accepting the copy did. */
export interface AcceptedCopy {
  /** Sessions removed; each must be set up again with its peer. */
  readonly sessionsRemoved: number;
}

/** Unlocks, and accepts the profile as the latest copy if (and only if) it is refused as older. */
export async function acceptProfileCopy(deps: Deps, passphrase: string): Promise<AcceptedCopy> {
  let sessionsRemoved = 0;
  const unlocked = await unlockMaster(deps, passphrase, undefined, (n) => {
    sessionsRemoved = n;
  });
  unlocked.lock();
  return { sessionsRemoved };
}
