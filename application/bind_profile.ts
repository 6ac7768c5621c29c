/**
 * Use case: bind a passphrase-only profile to the OS credential store (PROTOCOL §2.3, §2.5). A
 * new platform factor is stored, the master key is wrapped under passphrase + factor, and the
 * attempt record is re-MACed under the factor-derived key. If anything fails before the header
 * is replaced, the new item is removed again and the profile stays as it was.
 *
 * @module
 */

import { PlicoError } from "../domain/errors.ts";
import {
  decodeThrottleRecord,
  encodeThrottleRecord,
  tamperedRecord,
  throttleMacKey,
} from "../domain/unlock_throttle.ts";
import { wipe } from "../domain/bytes.ts";
import type { Deps } from "./deps.ts";
import { storeNewFactor } from "./platform_binding.ts";
import { sealMasterKey } from "./seal_master_key.ts";
import { unlockMaster } from "./unlock_profile.ts";

/** Binds the profile; refuses when it is already bound or no store is usable. */
export async function bindProfile(deps: Deps, passphrase: string): Promise<string> {
  const { crypto, random, repo, platform } = deps;
  const header = repo.readHeader();
  if (header.binding !== "passphrase-only") {
    throw new PlicoError(
      "platform.unavailable",
      `the profile is already bound (${header.binding})`,
    );
  }
  if (platform === null) {
    throw new PlicoError(
      "platform.unavailable",
      "this system has no supported OS credential store",
    );
  }
  const m = await unlockMaster(deps, passphrase);
  let bound;
  try {
    bound = await storeNewFactor(platform, random);
  } catch (e) {
    m.lock();
    throw e;
  }
  const oldKey = throttleMacKey(crypto, null);
  const newKey = throttleMacKey(crypto, bound.factor);
  try {
    const next = await sealMasterKey(crypto, random, m.masterKey, {
      passphrase,
      argon2: m.header.argon2,
      binding: bound.binding,
      factor: bound.factor,
      platformHandle: bound.platformHandle,
    });
    repo.updateAttempts((current) => {
      const record = decodeThrottleRecord(crypto, oldKey, current) ??
        tamperedRecord(0, deps.clock.now());
      return { next: encodeThrottleRecord(crypto, newKey, record), result: undefined };
    });
    repo.writeHeader(next);
    return bound.binding;
  } catch (e) {
    await bound.undo().catch(() => {});
    throw e;
  } finally {
    wipe(oldKey, newKey, bound.factor);
    m.lock();
  }
}
