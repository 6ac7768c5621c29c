/**
 * What every use case is given: the domain ports and the profile repository.
 *
 * @module
 */

import type { ClockPort, CryptoPort, RandomPort } from "../domain/ports.ts";
import type { PlatformFactorStore } from "./platform_factor_port.ts";
import type { ProfileRepository } from "./ports.ts";

/** The ports a use case works with. `main.ts` builds the real ones; tests may use others. */
export interface Deps {
  readonly crypto: CryptoPort;
  readonly random: RandomPort;
  readonly clock: ClockPort;
  readonly repo: ProfileRepository;
  /** The OS credential store of this platform, or null when this build has none. */
  readonly platform: PlatformFactorStore | null;
}
