/**
 * Builds a new profile header around a master key: fresh salt, Argon2id, the platform factor if
 * any, and the wrap (PROTOCOL §2.3). Shared by profile creation, passphrase change and binding,
 * so all three wrap exactly the same way.
 *
 * @module
 */

import { wipe } from "../domain/bytes.ts";
import {
  type BindingKind,
  deriveWrapKey,
  KDF_ARGON2ID_V13,
  passphraseBytes,
  PROFILE_FORMAT_VERSION,
  WRAP_NONCE_BYTES,
  type WrapHeader,
  wrapMasterKey,
} from "../domain/key_wrap.ts";
import { ARGON2_SALT_BYTES } from "../domain/limits.ts";
import type { Argon2Params, CryptoPort, RandomPort } from "../domain/ports.ts";
import type { StoredHeader } from "./ports.ts";

/** What to wrap the master key under. */
export interface WrapInput {
  readonly passphrase: string;
  readonly argon2: Argon2Params;
  readonly binding: BindingKind;
  readonly factor: Uint8Array | null;
  readonly platformHandle: Uint8Array | null;
}

/** Returns a complete header whose wrap opens to `masterKey` with the given inputs. */
export async function sealMasterKey(
  crypto: CryptoPort,
  random: RandomPort,
  masterKey: Uint8Array,
  input: WrapInput,
): Promise<StoredHeader> {
  const header: WrapHeader = {
    formatVersion: PROFILE_FORMAT_VERSION,
    kdfId: KDF_ARGON2ID_V13,
    argon2: input.argon2,
    salt: random.randomBytes(ARGON2_SALT_BYTES),
    binding: input.binding,
  };
  const password = passphraseBytes(input.passphrase);
  const argonOut = await crypto.argon2id(password, header.salt, header.argon2, 32);
  const wrapKey = deriveWrapKey(crypto, header, argonOut, input.factor);
  try {
    const wrapNonce = random.randomBytes(WRAP_NONCE_BYTES);
    const wrappedKey = wrapMasterKey(crypto, wrapKey, wrapNonce, header, masterKey);
    return { ...header, wrapNonce, wrappedKey, platformHandle: input.platformHandle };
  } finally {
    wipe(password, argonOut, wrapKey);
  }
}
