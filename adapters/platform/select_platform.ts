/**
 * Picks the platform factor store for the operating system Plico runs on: the Secret Service
 * on Linux and the BSDs (D-Bus), the Keychain on macOS, DPAPI on Windows, and none elsewhere
 * (the caller then refuses, or asks for explicit consent to passphrase-only mode; DESIGN §4).
 * Choosing constructs the adapter only: nothing is loaded, spawned or connected until used.
 *
 * @module
 */

import type { PlatformFactorStore } from "../../application/platform_factor_port.ts";
import { type DpapiOptions, DpapiStore } from "./dpapi/dpapi_store.ts";
import { type KeychainOptions, KeychainStore } from "./keychain/keychain_store.ts";
import {
  type SecretServiceOptions,
  SecretServiceStore,
} from "./secret_service/secret_service_store.ts";

/** Overrides for the choice and for each adapter. */
export interface PlatformSelection {
  /** The OS to choose for (default `Deno.build.os`). */
  readonly os?: string;
  readonly secretService?: SecretServiceOptions;
  readonly keychain?: KeychainOptions;
  readonly dpapi?: DpapiOptions;
}

const SECRET_SERVICE_SYSTEMS = new Set([
  "linux",
  "freebsd",
  "netbsd",
  "openbsd",
  "illumos",
  "solaris",
]);

/** The store for this OS, or `null` when Plico knows none. */
export function selectPlatformFactorStore(
  selection: PlatformSelection = {},
): PlatformFactorStore | null {
  const os = selection.os ?? Deno.build.os;
  if (SECRET_SERVICE_SYSTEMS.has(os)) return new SecretServiceStore(selection.secretService);
  if (os === "darwin") return new KeychainStore(selection.keychain);
  if (os === "windows") return new DpapiStore(selection.dpapi);
  return null;
}
