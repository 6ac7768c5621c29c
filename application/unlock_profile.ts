/**
 * Use case: unlock a profile (PROTOCOL §2.3). Reads the header (writing nothing), checks the
 * Argon2id parameters against their bounds before running the KDF, and unwraps the master key.
 * A wrong passphrase changes nothing on disk.
 *
 * @module
 */

import { utf8, wipe } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import { checkArgon2Params } from "../domain/kdf_params.ts";
import {
  deriveWrapKey,
  KDF_ARGON2ID_V13,
  PROFILE_FORMAT_VERSION,
  unwrapMasterKey,
} from "../domain/key_wrap.ts";
import { deriveSubkey } from "../domain/subkeys.ts";
import type { Deps } from "./deps.ts";
import type { StoredHeader, Vault } from "./ports.ts";
import { type ProfileInfo, readProfileInfo } from "./profile_info.ts";

/** An unlocked profile. Call `lock()` when done: it wipes the keys this object holds. */
export interface UnlockedProfile {
  readonly info: ProfileInfo;
  readonly header: StoredHeader;
  readonly vault: Vault;
  /** Derives a purpose sub-key from the master key (caller wipes it). */
  subkey(purpose: "burn" | "temp"): Uint8Array;
  lock(): void;
}

/** Unlocks the profile with a passphrase; throws `profile.bad_passphrase` when wrong. */
export async function unlockProfile(deps: Deps, passphrase: string): Promise<UnlockedProfile> {
  const { crypto, repo } = deps;
  const header = repo.readHeader();
  if (header.formatVersion !== PROFILE_FORMAT_VERSION || header.kdfId !== KDF_ARGON2ID_V13) {
    throw new PlicoError(
      "profile.unsupported",
      `unsupported profile format ${header.formatVersion}/${header.kdfId}`,
    );
  }
  checkArgon2Params(header.argon2);
  if (header.binding !== "passphrase-only") {
    throw new PlicoError(
      "platform.unavailable",
      `this profile is bound to the ${header.binding} credential store, which this build cannot use`,
    );
  }
  const password = utf8(passphrase);
  const argonOut = await crypto.argon2id(password, header.salt, header.argon2, 32);
  const wrapKey = deriveWrapKey(crypto, header, argonOut, null);
  wipe(password, argonOut);
  let masterKey: Uint8Array;
  try {
    masterKey = unwrapMasterKey(crypto, wrapKey, header.wrapNonce, header, header.wrappedKey);
  } finally {
    wipe(wrapKey);
  }
  const storageKey = deriveSubkey(crypto, masterKey, "storage");
  try {
    const vault = repo.openVault(storageKey);
    const info = readProfileInfo(vault);
    return {
      info,
      header,
      vault,
      subkey: (purpose) => deriveSubkey(crypto, masterKey, purpose),
      lock: () => {
        wipe(masterKey, info.identitySecret);
        repo.close();
      },
    };
  } catch (e) {
    wipe(masterKey);
    throw e;
  } finally {
    wipe(storageKey);
  }
}
