/**
 * Checks and formats shared by the platform adapters: the profile id that names an item, the
 * 32-byte factor, and the *item handle* that stores keeping the item themselves (Secret
 * Service, Keychain) hand back.
 *
 * An item handle is `0x01 || 16 random bytes`. The random part is written into the item (an
 * attribute, or the Keychain account), so a handle only ever finds the item made by the
 * `store()` call that returned it: after a profile is re-bound, an old handle reports
 * `platform.item_missing` instead of silently loading a different factor.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import { toHex } from "../../domain/bytes.ts";
import {
  PLATFORM_FACTOR_BYTES,
  PLATFORM_HANDLE_MAX_BYTES,
  PLATFORM_PROFILE_ID_MAX_CHARS,
} from "../../domain/limits.ts";

const ITEM_HANDLE_VERSION = 1;
const ITEM_ID_BYTES = 16;

/** Refuses a profile id that is not 8 to 128 lower-case hex characters. */
export function checkProfileId(profileId: string): void {
  if (
    profileId.length < 8 || profileId.length > PLATFORM_PROFILE_ID_MAX_CHARS ||
    !/^[0-9a-f]+$/.test(profileId)
  ) {
    throw new PlicoError("profile.corrupt", "the profile id is not a lower-case hex string");
  }
}

/** Refuses a factor that is not exactly 32 bytes. */
export function checkFactor(secret: Uint8Array): void {
  if (secret.length !== PLATFORM_FACTOR_BYTES) {
    throw new PlicoError(
      "crypto.bad_length",
      `the platform factor must be ${PLATFORM_FACTOR_BYTES} bytes`,
    );
  }
}

/** Refuses a handle larger than any adapter makes. */
export function checkHandleSize(handle: Uint8Array): void {
  if (handle.length === 0 || handle.length > PLATFORM_HANDLE_MAX_BYTES) {
    throw new PlicoError("profile.corrupt", "the platform handle has an impossible size");
  }
}

/** A fresh item handle and the hex item id it carries. */
export function newItemHandle(): { handle: Uint8Array; itemId: string } {
  const handle = new Uint8Array(1 + ITEM_ID_BYTES);
  handle[0] = ITEM_HANDLE_VERSION;
  crypto.getRandomValues(handle.subarray(1));
  return { handle, itemId: toHex(handle.subarray(1)) };
}

/** The hex item id of a handle made by `newItemHandle`; `profile.corrupt` otherwise. */
export function itemIdOf(handle: Uint8Array): string {
  if (handle.length !== 1 + ITEM_ID_BYTES || handle[0] !== ITEM_HANDLE_VERSION) {
    throw new PlicoError("profile.corrupt", "the platform handle is not an item handle");
  }
  return toHex(handle.subarray(1));
}
