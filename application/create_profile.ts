/**
 * Use case: create a device profile (PROTOCOL §2). A random master key is wrapped under
 * Argon2id(passphrase) combined with a platform factor kept by the OS credential store; when no
 * store is usable, creation is refused unless the user consented to passphrase-only mode. The
 * profile record (random id, creation time, Ed25519 identity) is stored encrypted.
 *
 * @module
 */

import { toHex, u64be, wipe } from "../domain/bytes.ts";
import { isPlicoError, PlicoError } from "../domain/errors.ts";
import { checkArgon2Params } from "../domain/kdf_params.ts";
import { ARGON2_DEFAULT, MASTER_KEY_BYTES } from "../domain/limits.ts";
import { enforcePassphrasePolicy } from "../domain/passphrase_policy.ts";
import type { Argon2Params } from "../domain/ports.ts";
import { deriveSubkey } from "../domain/subkeys.ts";
import { encodeThrottleRecord, FRESH_RECORD, throttleMacKey } from "../domain/unlock_throttle.ts";
import type { Deps } from "./deps.ts";
import { type NewBinding, storeNewFactor } from "./platform_binding.ts";
import { encodeProfileInfo, PROFILE_INFO_ROW, PROFILE_INFO_TABLE } from "./profile_info.ts";
import { sealMasterKey } from "./seal_master_key.ts";
import { UNLOCK_AUDIT_TABLE } from "./unlock_audit.ts";

/** Input of `createProfile`. */
export interface CreateProfileInput {
  readonly passphrase: string;
  /** Stronger Argon2id parameters than the default, if wanted (bounds-checked). */
  readonly argon2?: Argon2Params;
  /** The user consented to a profile without OS credential store binding. */
  readonly passphraseOnly?: boolean;
}

/** What was created. */
export interface CreatedProfile {
  readonly profileId: string;
  readonly location: string;
  readonly createdAt: number;
  readonly argon2: Argon2Params;
  readonly binding: string;
}

async function bindOrConsent(deps: Deps, passphraseOnly: boolean): Promise<NewBinding | null> {
  if (passphraseOnly) return null;
  if (deps.platform === null) {
    throw new PlicoError(
      "platform.unavailable",
      "this system has no supported OS credential store; to create a profile protected by the " +
        "passphrase alone, confirm with --passphrase-only",
    );
  }
  try {
    return await storeNewFactor(deps.platform, deps.random);
  } catch (e) {
    if (isPlicoError(e) && e.code.startsWith("platform.")) {
      throw new PlicoError(
        e.code,
        `${e.message}; to create a profile protected by the passphrase alone, confirm with ` +
          `--passphrase-only`,
      );
    }
    throw e;
  }
}

/** Creates a profile; refuses weak passphrases, existing profiles and unconsented fallback. */
export async function createProfile(
  deps: Deps,
  input: CreateProfileInput,
): Promise<CreatedProfile> {
  const { crypto, random, clock, repo } = deps;
  enforcePassphrasePolicy(input.passphrase);
  if (repo.exists()) {
    throw new PlicoError("profile.exists", `a profile already exists at ${repo.location}`);
  }
  const argon2 = checkArgon2Params(input.argon2 ?? ARGON2_DEFAULT);
  const bound = await bindOrConsent(deps, input.passphraseOnly === true);
  const masterKey = random.randomBytes(MASTER_KEY_BYTES);
  const identitySecret = random.randomBytes(32);
  let storageKey: Uint8Array | undefined;
  let macKey: Uint8Array | undefined;
  try {
    const header = await sealMasterKey(crypto, random, masterKey, {
      passphrase: input.passphrase,
      argon2,
      binding: bound?.binding ?? "passphrase-only",
      factor: bound?.factor ?? null,
      platformHandle: bound?.platformHandle ?? null,
    });
    storageKey = deriveSubkey(crypto, masterKey, "storage");
    macKey = throttleMacKey(crypto, bound?.factor ?? null);
    const attempts = encodeThrottleRecord(crypto, macKey, FRESH_RECORD);
    const profileId = toHex(random.randomBytes(16));
    const createdAt = clock.now();
    repo.create(header, storageKey, attempts, (vault) => {
      vault.insert(
        PROFILE_INFO_TABLE,
        PROFILE_INFO_ROW,
        encodeProfileInfo({ profileId, createdAt, identitySecret }),
      );
      vault.insert(UNLOCK_AUDIT_TABLE, PROFILE_INFO_ROW, { attempts_total: u64be(0) });
    });
    return { profileId, location: repo.location, createdAt, argon2, binding: header.binding };
  } catch (e) {
    await bound?.undo().catch(() => {});
    throw e;
  } finally {
    wipe(masterKey, identitySecret, storageKey, macKey, bound?.factor);
  }
}
