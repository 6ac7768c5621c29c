/**
 * Wrapping of the device master key (PROTOCOL §2.3). The wrap key combines the Argon2id output
 * with the optional platform factor held by the OS credential store, and the wrap binds every
 * header field as AAD so that editing the stored parameters or binding makes unlock fail rather
 * than silently weakening it.
 *
 * @module
 */

import { XCHACHA_NONCE_BYTES } from "./primitive_sizes.ts";
import { concat, u32be, utf8, wipe } from "./bytes.ts";
import { PlicoError } from "./errors.ts";
import { LABELS } from "./labels.ts";
import { ARGON2_SALT_BYTES, MASTER_KEY_BYTES } from "./limits.ts";
import type { Argon2Params, CryptoPort } from "./ports.ts";

/** Current profile format version. */
export const PROFILE_FORMAT_VERSION = 1;
/** KDF identifier: 1 = Argon2id version 0x13 (RFC 9106). */
export const KDF_ARGON2ID_V13 = 1;
/** XChaCha20-Poly1305 nonce length used for the wrap. */
export const WRAP_NONCE_BYTES = XCHACHA_NONCE_BYTES;
/** Length of the wrapped master key: ciphertext plus 16-byte tag. */
const WRAPPED_KEY_BYTES = MASTER_KEY_BYTES + 16;

/** How the master key is bound: passphrase only, or passphrase plus an OS credential store. */
export const BINDING_KINDS = ["passphrase-only", "secret-service", "keychain", "dpapi"] as const;
/** A binding kind. Its index in `BINDING_KINDS` is its wire value. */
export type BindingKind = typeof BINDING_KINDS[number];

/** The public fields that govern unlocking. All of them are authenticated by the wrap. */
export interface WrapHeader {
  readonly formatVersion: number;
  readonly kdfId: number;
  readonly argon2: Argon2Params;
  readonly salt: Uint8Array;
  readonly binding: BindingKind;
}

/** The canonical byte encoding of a header, used as AEAD associated data. */
export function wrapHeaderAad(header: WrapHeader): Uint8Array {
  if (header.salt.length !== ARGON2_SALT_BYTES) {
    throw new PlicoError("profile.corrupt", "profile salt has the wrong length");
  }
  const binding = BINDING_KINDS.indexOf(header.binding);
  if (binding < 0) throw new PlicoError("profile.corrupt", "unknown profile binding");
  return concat(
    utf8(LABELS.wrapAad),
    new Uint8Array([0]),
    u32be(header.formatVersion),
    u32be(header.kdfId),
    u32be(header.argon2.iterations),
    u32be(header.argon2.memoryKiB),
    u32be(header.argon2.parallelism),
    header.salt,
    new Uint8Array([binding]),
  );
}

/**
 * wrapKey = HKDF-SHA-256(ikm = argon2id output || platform factor, salt = profile salt,
 * info = "plico/v2/wrap-key" || 0x00 || binding). A passphrase-only profile has no platform
 * factor; any other binding requires one of exactly 32 bytes.
 */
export function deriveWrapKey(
  crypto: CryptoPort,
  header: WrapHeader,
  argonOutput: Uint8Array,
  platformFactor: Uint8Array | null,
): Uint8Array {
  const needsFactor = header.binding !== "passphrase-only";
  if (needsFactor !== (platformFactor !== null)) {
    throw new PlicoError("internal", "platform factor presence does not match the binding");
  }
  if (platformFactor !== null && platformFactor.length !== 32) {
    throw new PlicoError("crypto.bad_length", "platform factor must be 32 bytes");
  }
  const ikm = platformFactor ? concat(argonOutput, platformFactor) : argonOutput.slice();
  const info = concat(
    utf8(LABELS.wrapKey),
    new Uint8Array([0, BINDING_KINDS.indexOf(header.binding)]),
  );
  try {
    return crypto.hkdf("sha256", ikm, header.salt, info, 32);
  } finally {
    wipe(ikm);
  }
}

/** Seals the master key; returns the wrapped key (48 bytes). */
export function wrapMasterKey(
  crypto: CryptoPort,
  wrapKey: Uint8Array,
  nonce: Uint8Array,
  header: WrapHeader,
  masterKey: Uint8Array,
): Uint8Array {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new PlicoError("crypto.bad_length", "master key must be 32 bytes");
  }
  return crypto.xchachaSeal(wrapKey, nonce, masterKey, wrapHeaderAad(header));
}

/**
 * Opens the wrapped master key. Any failure — wrong passphrase, wrong platform factor, edited
 * header — is the same `profile.bad_passphrase` error: they cannot be told apart, by design.
 */
export function unwrapMasterKey(
  crypto: CryptoPort,
  wrapKey: Uint8Array,
  nonce: Uint8Array,
  header: WrapHeader,
  wrapped: Uint8Array,
): Uint8Array {
  if (nonce.length !== WRAP_NONCE_BYTES || wrapped.length !== WRAPPED_KEY_BYTES) {
    throw new PlicoError("profile.corrupt", "wrapped master key has the wrong length");
  }
  try {
    return crypto.xchachaOpen(wrapKey, nonce, wrapped, wrapHeaderAad(header));
  } catch (e) {
    if (e instanceof PlicoError && e.code === "crypto.auth_failed") {
      throw new PlicoError(
        "profile.bad_passphrase",
        "wrong passphrase (or the profile's device binding does not match)",
      );
    }
    throw e;
  }
}

/**
 * PROTOCOL §2.3: the bytes of a passphrase given to Argon2id: Unicode NFC, then UTF-8. The same
 * words typed on systems that compose accents differently (macOS input often decomposes `é`
 * into `e` + U+0301) then give the same key. Nothing else is changed: no trimming, no case
 * folding, no width folding. The caller wipes the result.
 */
export function passphraseBytes(passphrase: string): Uint8Array {
  return utf8(passphrase.normalize("NFC"));
}
