/**
 * The one place where real adapters are put together. Composition roots — `main.ts` and each
 * sandbox worker (`adapters/sandbox/*_worker.ts`) — build their ports here; no other production
 * module constructs the crypto adapter or the profile repository (`scripts/check_layers.ts`
 * enforces both rules). Tests and scripts build their own.
 *
 * @module
 */

import type { CarrierDeps } from "../application/carrier.ts";
import type { PngCarrierPort } from "../application/carrier_port.ts";
import type { Deps } from "../application/deps.ts";
import type { PlatformFactorStore } from "../application/platform_factor_port.ts";
import type { QrImagePort } from "../application/qr_port.ts";
import type { QrDeps } from "../application/qr_transfer.ts";
import type { VerifyReleaseDeps } from "../application/verify_release.ts";
import type { ClockPort, CryptoPort, RandomPort } from "../domain/ports.ts";
import { createCrypto } from "./crypto/crypto_adapter.ts";
import { systemClock } from "./crypto/system_clock.ts";
import { systemRandom } from "./crypto/system_random.ts";
import { releaseFilesBeside } from "./release/release_files.ts";
import { trustedReleaseKeys } from "./release/release_public_key.ts";
import { SqliteProfileRepository } from "./storage/sqlite_profile_repository.ts";

/** The ports every root needs: the crypto adapter, the system's randomness and clock. */
export interface CorePorts {
  readonly crypto: CryptoPort;
  readonly random: RandomPort;
  readonly clock: ClockPort;
}

/** The real crypto adapter (native bulk AEAD), the OS CSPRNG and the wall clock. */
export function composeCore(): CorePorts {
  return { crypto: createCrypto(), random: systemRandom, clock: systemClock };
}

/**
 * The ports of the use cases for the profile in `profileDir`: a fresh repository (it opens
 * nothing until used) over `core`, and the OS credential store (null inside a sandbox, which
 * has no way to reach it).
 */
export function composeProfileDeps(
  core: CorePorts,
  profileDir: string,
  platform: PlatformFactorStore | null,
): Deps {
  return {
    ...core,
    repo: new SqliteProfileRepository(profileDir, core.crypto, core.random),
    platform,
  };
}

/** The ports of the QR use cases over `qrImages` (sandboxed in the program). */
export function composeQrDeps(core: CorePorts, qrImages: QrImagePort): QrDeps {
  return { random: core.random, qrImages };
}

/** The ports of the carrier use cases over `carrier` (sandboxed in the program). */
export function composeCarrierDeps(core: CorePorts, carrier: PngCarrierPort): CarrierDeps {
  return { crypto: core.crypto, carrier };
}

/**
 * The ports of `plico verify-release`: the release keys embedded in this build and read access
 * to the files next to `manifestPath`. Nothing outside the build can swap the trusted keys.
 */
export function composeReleaseDeps(core: CorePorts, manifestPath: string): VerifyReleaseDeps {
  return {
    crypto: core.crypto,
    trustedKeys: trustedReleaseKeys(),
    files: releaseFilesBeside(manifestPath),
  };
}
