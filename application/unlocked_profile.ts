/**
 * An unlocked profile as every use case after unlock sees it, and how one is opened from a
 * master key: by `unlockMaster` after a passphrase, or in a sandbox worker that was handed the
 * key by the process that unlocked the profile.
 *
 * @module
 */

import { wipe } from "../domain/bytes.ts";
import { deriveSubkey } from "../domain/subkeys.ts";
import type { Deps } from "./deps.ts";
import type { StoredHeader, Vault } from "./ports.ts";
import { type ProfileInfo, readProfileInfo } from "./profile_info.ts";

/** Printed on every unlock of a profile without OS credential store binding. */
const PASSPHRASE_ONLY_WARNING =
  "warning: this profile is protected by its passphrase alone (not bound to an OS credential " +
  "store); a stolen copy can be attacked offline. Run 'plico profile bind' to bind it.";

/** An unlocked profile. Call `lock()` when done: it wipes the keys and closes the database. */
export interface UnlockedProfile {
  readonly info: ProfileInfo;
  readonly header: StoredHeader;
  readonly vault: Vault;
  /** Warnings to show the user (e.g. passphrase-only). */
  readonly warnings: readonly string[];
  /** Derives a purpose sub-key from the master key (caller wipes it). */
  subkey(purpose: "burn" | "temp"): Uint8Array;
  lock(): void;
}

/** The master key and what came with it; internal to the profile use cases. */
export interface UnlockedMaster extends UnlockedProfile {
  readonly masterKey: Uint8Array;
  /** The platform factor of a bound profile (null when passphrase-only). */
  readonly factor: Uint8Array | null;
}

/**
 * The unlocked profile for a master key already obtained (by `unlockMaster`, or handed to a
 * sandboxed worker by the process that unlocked it). Takes ownership of `masterKey` and
 * `factor`: `lock()` wipes them. `beforeRead` runs once the vault is open (the unlock's
 * rate-limit bookkeeping).
 */
export function profileFromMasterKey(
  deps: Deps,
  header: StoredHeader,
  masterKey: Uint8Array,
  factor: Uint8Array | null,
  beforeRead?: (vault: Vault) => void,
): UnlockedMaster {
  const { crypto, repo } = deps;
  const storageKey = deriveSubkey(crypto, masterKey, "storage");
  try {
    const vault = repo.openVault(storageKey);
    beforeRead?.(vault);
    const info = readProfileInfo(vault);
    return {
      info,
      header,
      vault,
      masterKey,
      factor,
      warnings: header.binding === "passphrase-only" ? [PASSPHRASE_ONLY_WARNING] : [],
      subkey: (purpose) => deriveSubkey(crypto, masterKey, purpose),
      lock: () => {
        wipe(masterKey, info.identitySecret, factor ?? undefined);
        repo.close();
      },
    };
  } finally {
    wipe(storageKey);
  }
}
