/**
 * The port through which the profile keeps its *platform factor*: a random 32-byte secret held
 * by the OS credential store and combined with the Argon2id output to unwrap the master key
 * (DESIGN §4). Adapters live in `adapters/platform/`; `main.ts` picks one with
 * `selectPlatformFactorStore()`.
 *
 * Every method throws `PlicoError` only, with these codes:
 * - `platform.no_bus`: no session bus to talk to (Linux);
 * - `platform.no_daemon`: the bus is there but nothing provides the credential store;
 * - `platform.locked`: the store is locked and unlocking it would need a prompt (never shown);
 * - `platform.item_missing`: the item of this profile is gone (or cannot be decrypted any more);
 * - `platform.unavailable`: anything else (denied permission, timeout, malformed answer).
 *
 * No method ever waits for user interaction: each call has a timeout of a few seconds.
 *
 * @module
 */

/** Which OS credential store an adapter talks to. */
export type PlatformKind = "secret-service" | "keychain" | "dpapi";

/** An OS credential store holding one platform factor per profile. */
export interface PlatformFactorStore {
  /** The store this adapter talks to; the profile records it next to the handle. */
  readonly kind: PlatformKind;
  /**
   * Cheap check that the store can be used now; resolves or throws `platform.no_bus`,
   * `platform.no_daemon`, `platform.locked` or `platform.unavailable`.
   */
  probe(): Promise<void>;
  /**
   * Stores `secret` (32 bytes) for the profile and returns an opaque handle the profile keeps
   * (for DPAPI the protected blob; for stores that keep the item themselves, a small id).
   * `profileId` is the profile's random lower-case hex id. The caller keeps ownership of
   * `secret` (and wipes it); the adapter wipes every copy it makes.
   */
  store(profileId: string, secret: Uint8Array): Promise<Uint8Array>;
  /**
   * Returns a fresh copy of the 32-byte secret that the caller owns and wipes; throws
   * `platform.item_missing` when the item is gone.
   */
  load(profileId: string, handle: Uint8Array): Promise<Uint8Array>;
  /** Removes the item; removing an item that is already gone succeeds. */
  remove(profileId: string, handle: Uint8Array): Promise<void>;
}
