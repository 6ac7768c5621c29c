/**
 * An in-process profile in a temporary directory, built with the real adapters. Profiles are
 * created with the default Argon2id cost, the same as users get; an unlock that repeats an
 * earlier Argon2id input reuses its tag (`argon2_memo.ts`).
 *
 * @module
 */

import { join } from "node:path";
import type { Deps } from "../../application/deps.ts";
import { systemClock } from "../../adapters/crypto/system_clock.ts";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { SqliteProfileRepository } from "../../adapters/storage/sqlite_profile_repository.ts";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { memoArgon2 } from "./argon2_memo.ts";

/** A passphrase that passes the policy. */
export const TEST_PASSPHRASE = "orbit lantern velvet 42 quay";

/** Fresh deps for a profile directory (a new repository object each call, like a new process). */
export function depsFor(dir: string, overrides: Partial<Deps> = {}): Deps {
  const crypto = overrides.crypto ?? memoArgon2();
  const random = overrides.random ?? systemRandom;
  return {
    crypto,
    random,
    clock: overrides.clock ?? systemClock,
    repo: overrides.repo ?? new SqliteProfileRepository(dir, crypto, random),
    platform: overrides.platform ?? null,
  };
}

/**
 * `depsFor` with every Argon2id computed afresh: for tests of the unlock itself, whose timing
 * (an interruption during the KDF) or cost must be the real one.
 */
export function depsWithRealKdf(dir: string, overrides: Partial<Deps> = {}): Deps {
  return depsFor(dir, { crypto: createCrypto(), ...overrides });
}

/** A temporary profile directory path (not yet created) and its cleanup. */
export function tempProfileDir(): { dir: string; root: string; remove(): void } {
  const root = Deno.makeTempDirSync({ prefix: "plico-profile-" });
  return {
    dir: join(root, "profile"),
    root,
    remove: () => Deno.removeSync(root, { recursive: true }),
  };
}
