/**
 * Composition root: builds the real adapters and hands the command line to the CLI.
 *
 * @module
 */

import { createCrypto } from "./adapters/crypto/crypto_adapter.ts";
import { systemClock } from "./adapters/crypto/system_clock.ts";
import { systemRandom } from "./adapters/crypto/system_random.ts";
import { denoCliIo } from "./adapters/cli/deno_cli_io.ts";
import { dropDenoRights } from "./adapters/cli/drop_rights.ts";
import { runCli } from "./adapters/cli/run_cli.ts";
import { SqliteProfileRepository } from "./adapters/storage/sqlite_profile_repository.ts";
import { PLICO_VERSION } from "./adapters/cli/version.ts";
import { createSandboxedPngCarrier } from "./adapters/sandbox/sandboxed_png_carrier.ts";
import { selectPlatformFactorStore } from "./adapters/platform/select_platform.ts";

if (import.meta.main) {
  const crypto = createCrypto();
  const platform = selectPlatformFactorStore();
  const code = await runCli(Deno.args, {
    io: denoCliIo,
    version: PLICO_VERSION,
    dropRights: dropDenoRights,
    carrierDeps: () => ({ crypto, carrier: createSandboxedPngCarrier() }),
    deps: (dir) => ({
      crypto,
      random: systemRandom,
      clock: systemClock,
      repo: new SqliteProfileRepository(dir, crypto, systemRandom),
      platform,
    }),
  });
  Deno.exit(code);
}
