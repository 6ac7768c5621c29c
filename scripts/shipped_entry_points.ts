/**
 * The modules the compiled binary is built from: `main.ts` and every worker entry point. Workers
 * are loaded by URL at run time, so `deno compile` must be told to embed them, and the supply-
 * chain audit follows the same list to tell shipped packages from test-only ones.
 *
 * @module
 */

/** Paths relative to the repository root; `main.ts` first. */
export const SHIPPED_ENTRY_POINTS: readonly string[] = [
  "main.ts",
  "adapters/crypto/argon2_worker.ts",
  "adapters/sandbox/setup_file_worker.ts",
  "adapters/sandbox/png_carrier_worker.ts",
  "adapters/sandbox/open_envelope_worker.ts",
  "adapters/sandbox/qr_image_worker.ts",
];
