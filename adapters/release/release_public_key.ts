/**
 * The release public keys this build trusts (HARDENING §4). `plico verify-release`
 * accepts a `SHA256SUMS.sig` only when it was made with one of these. The matching secret key
 * was made with `scripts/sign_release.ts --generate-key` and is kept offline by the release
 * manager: it is never in the repository or in CI.
 *
 * To rotate: add the new key here, ship a release signed with the old key, then sign with the
 * new one and remove the old key in a later release.
 *
 * @module
 */

import { fromHex } from "../../domain/bytes.ts";

/** Hex of the Ed25519 release public keys, newest first. */
const RELEASE_PUBLIC_KEYS_HEX: readonly string[] = [
  // Generated 2026-11-23 for Plico v1 releases.
  "70fc32baadf61783f12cac9a56713b3b38a19608ef44dc233f49cb915d9cf333",
];

/** The trusted release public keys, 32 bytes each (fresh copies: callers cannot alter them). */
export function trustedReleaseKeys(): Uint8Array[] {
  return RELEASE_PUBLIC_KEYS_HEX.map((hex) => fromHex(hex));
}
