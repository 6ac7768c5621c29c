/**
 * An unlocked profile as every use case after unlock sees it. `unlock_profile.ts` makes one
 * (from a passphrase, or in a sandbox worker from a handed-over master key).
 *
 * @module
 */

import type { StoredHeader, Vault } from "./ports.ts";
import type { ProfileInfo } from "./profile_info.ts";

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
