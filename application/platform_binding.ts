/**
 * The platform factor as the profile stores it (PROTOCOL §2.3): the header's `platform_handle`
 * is `keyring id (16 random bytes) || adapter handle`. The keyring id names the profile's item
 * in the OS credential store; it is random and used for nothing else, so the profile database
 * still shows no identifier of the profile itself.
 *
 * @module
 */

import { concat, toHex } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import type { BindingKind } from "../domain/key_wrap.ts";
import type { RandomPort } from "../domain/ports.ts";
import type { PlatformFactorStore } from "./platform_factor_port.ts";
import type { StoredHeader } from "./ports.ts";

const KEYRING_ID_BYTES = 16;

/** A freshly stored platform factor. The caller wipes `factor`. */
export interface NewBinding {
  readonly binding: BindingKind;
  readonly factor: Uint8Array;
  readonly platformHandle: Uint8Array;
  /** Removes the item again (when the profile change that needed it fails). */
  undo(): Promise<void>;
}

/** Probes the store, then stores a new random 32-byte factor in it. */
export async function storeNewFactor(
  platform: PlatformFactorStore,
  random: RandomPort,
): Promise<NewBinding> {
  await platform.probe();
  const keyringId = random.randomBytes(KEYRING_ID_BYTES);
  const factor = random.randomBytes(32);
  const handle = await platform.store(toHex(keyringId), factor);
  return {
    binding: platform.kind,
    factor,
    platformHandle: concat(keyringId, handle),
    undo: () => platform.remove(toHex(keyringId), handle),
  };
}

/**
 * Loads the factor of a bound profile. A bound profile never falls back to the passphrase
 * alone: a missing store or item is an error that names the cause.
 */
export async function loadFactor(
  platform: PlatformFactorStore | null,
  header: StoredHeader,
): Promise<Uint8Array | null> {
  if (header.binding === "passphrase-only") return null;
  if (platform === null || platform.kind !== header.binding) {
    throw new PlicoError(
      "platform.unavailable",
      `this profile is bound to the ${header.binding} credential store, which is not available ` +
        `here; it cannot be unlocked without it`,
    );
  }
  const blob = header.platformHandle;
  if (blob === null || blob.length <= KEYRING_ID_BYTES) {
    throw new PlicoError("profile.corrupt", "the profile's platform handle is missing");
  }
  const keyringId = toHex(blob.subarray(0, KEYRING_ID_BYTES));
  return await platform.load(keyringId, blob.subarray(KEYRING_ID_BYTES));
}
