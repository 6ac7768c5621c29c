/**
 * Composition root of the program: builds the real adapters (through `adapters/compose.ts`)
 * and hands the command line to the CLI. The sandbox workers are the other roots
 * (docs/ARCHITECTURE.md "Composition roots").
 *
 * @module
 */

import { denoCliIo } from "./adapters/cli/deno_cli_io.ts";
import { dropDenoRights } from "./adapters/cli/drop_rights.ts";
import { runCli } from "./adapters/cli/run_cli.ts";
import { PLICO_VERSION } from "./adapters/cli/version.ts";
import {
  composeCarrierDeps,
  composeCore,
  composeProfileDeps,
  composeQrDeps,
  composeReleaseDeps,
} from "./adapters/compose.ts";
import { selectPlatformFactorStore } from "./adapters/platform/select_platform.ts";
import { createSandboxedPngCarrier } from "./adapters/sandbox/sandboxed_png_carrier.ts";
import { createSandboxedQrImages } from "./adapters/sandbox/sandboxed_qr_images.ts";

if (import.meta.main) {
  const core = composeCore();
  const platform = selectPlatformFactorStore();
  const code = await runCli(Deno.args, {
    io: denoCliIo,
    version: PLICO_VERSION,
    dropRights: dropDenoRights,
    carrierDeps: () => composeCarrierDeps(core, createSandboxedPngCarrier()),
    qrDeps: () => composeQrDeps(core, createSandboxedQrImages()),
    releaseDeps: (manifestPath) => composeReleaseDeps(core, manifestPath),
    deps: (dir) => composeProfileDeps(core, dir, platform),
  });
  Deno.exit(code);
}
