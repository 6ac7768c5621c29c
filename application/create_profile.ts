/**
 * Use case: create a device profile (PROTOCOL §2). A random master key is wrapped under a key
 * derived from the passphrase (Argon2id) and stored with the parameters; the profile record
 * (random id, creation time, Ed25519 identity) is stored encrypted.
 *
 * @module
 */

import { toHex, utf8, wipe } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import { checkArgon2Params } from "../domain/kdf_params.ts";
import {
  deriveWrapKey,
  KDF_ARGON2ID_V13,
  PROFILE_FORMAT_VERSION,
  WRAP_NONCE_BYTES,
  type WrapHeader,
  wrapMasterKey,
} from "../domain/key_wrap.ts";
import { ARGON2_DEFAULT, ARGON2_SALT_BYTES, MASTER_KEY_BYTES } from "../domain/limits.ts";
import { checkPassphrasePolicy } from "../domain/passphrase_policy.ts";
import type { Argon2Params } from "../domain/ports.ts";
import { deriveSubkey } from "../domain/subkeys.ts";
import type { Deps } from "./deps.ts";
import { encodeProfileInfo, PROFILE_INFO_ROW, PROFILE_INFO_TABLE } from "./profile_info.ts";

/** Input of `createProfile`. */
export interface CreateProfileInput {
  readonly passphrase: string;
  /** Stronger Argon2id parameters than the default, if wanted (bounds-checked). */
  readonly argon2?: Argon2Params;
}

/** What was created. */
export interface CreatedProfile {
  readonly profileId: string;
  readonly location: string;
  readonly createdAt: number;
  readonly argon2: Argon2Params;
}

/** Creates a profile; refuses weak passphrases (`passphrase.weak`) and existing profiles. */
export async function createProfile(
  deps: Deps,
  input: CreateProfileInput,
): Promise<CreatedProfile> {
  const { crypto, random, clock, repo } = deps;
  const policy = checkPassphrasePolicy(input.passphrase);
  if (!policy.ok) {
    throw new PlicoError(
      "passphrase.weak",
      `passphrase refused: ${policy.reasons.join("; ")}`,
    );
  }
  if (repo.exists()) {
    throw new PlicoError("profile.exists", `a profile already exists at ${repo.location}`);
  }
  const argon2 = checkArgon2Params(input.argon2 ?? ARGON2_DEFAULT);
  const header: WrapHeader = {
    formatVersion: PROFILE_FORMAT_VERSION,
    kdfId: KDF_ARGON2ID_V13,
    argon2,
    salt: random.randomBytes(ARGON2_SALT_BYTES),
    binding: "passphrase-only",
  };
  const masterKey = random.randomBytes(MASTER_KEY_BYTES);
  const password = utf8(input.passphrase);
  const argonOut = await crypto.argon2id(password, header.salt, argon2, 32);
  const wrapKey = deriveWrapKey(crypto, header, argonOut, null);
  const storageKey = deriveSubkey(crypto, masterKey, "storage");
  const identitySecret = random.randomBytes(32);
  try {
    const wrapNonce = random.randomBytes(WRAP_NONCE_BYTES);
    const wrappedKey = wrapMasterKey(crypto, wrapKey, wrapNonce, header, masterKey);
    const profileId = toHex(random.randomBytes(16));
    const createdAt = clock.now();
    repo.create(
      { ...header, wrapNonce, wrappedKey, platformHandle: null },
      storageKey,
      (vault) => {
        vault.insert(
          PROFILE_INFO_TABLE,
          PROFILE_INFO_ROW,
          encodeProfileInfo({ profileId, createdAt, identitySecret }),
        );
      },
    );
    return { profileId, location: repo.location, createdAt, argon2 };
  } finally {
    wipe(masterKey, password, argonOut, wrapKey, storageKey, identitySecret);
  }
}
