/**
 * Use case: change the passphrase (PROTOCOL §2.3). The same master key is wrapped again under a
 * new salt and the new passphrase; the header is replaced in one SQLite transaction, so a crash
 * leaves either the old or the new passphrase working, never neither.
 *
 * @module
 */

import type { Deps } from "./deps.ts";
import { enforcePassphrasePolicy } from "../domain/passphrase_policy.ts";
import { sealMasterKey } from "./seal_master_key.ts";
import { unlockMaster } from "./unlock_profile.ts";

/** Replaces the passphrase; the new one must pass the policy. */
export async function changePassphrase(
  deps: Deps,
  oldPassphrase: string,
  newPassphrase: string,
): Promise<void> {
  enforcePassphrasePolicy(newPassphrase);
  const m = await unlockMaster(deps, oldPassphrase);
  try {
    const header = await sealMasterKey(deps.crypto, deps.random, m.masterKey, {
      passphrase: newPassphrase,
      argon2: m.header.argon2,
      binding: m.header.binding,
      factor: m.factor,
      platformHandle: m.header.platformHandle,
    });
    deps.repo.writeHeader(header);
  } finally {
    m.lock();
  }
}
