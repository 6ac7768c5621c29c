/**
 * Signing and verifying the setup files (PROTOCOL-handshake §3, §4, §6). The signed message is
 * `tagged(label, everything before the signature)`, with a distinct label per file kind.
 *
 * @module
 */

import { PlicoError } from "../errors.ts";
import type { CryptoPort } from "../ports.ts";
import { isCanonicalEd25519Signature } from "./canonical.ts";
import { tagged } from "./encoding.ts";

/** Ed25519 signature of `tagged(label, body)`. */
export function signSetup(
  crypto: CryptoPort,
  identitySecret: Uint8Array,
  label: string,
  body: Uint8Array,
): Uint8Array {
  return crypto.ed25519Sign(identitySecret, tagged(label, body));
}

/**
 * Throw `crypto.auth_failed` unless `signature` is canonical (§6) and valid for
 * `tagged(label, body)` under `identityPublic`. One opaque message for every failure (STYLE 5).
 */
export function verifySetup(
  crypto: CryptoPort,
  identityPublic: Uint8Array,
  label: string,
  body: Uint8Array,
  signature: Uint8Array,
  what: string,
): void {
  if (
    !isCanonicalEd25519Signature(signature) ||
    !crypto.ed25519Verify(identityPublic, tagged(label, body), signature)
  ) {
    throw new PlicoError(
      "crypto.auth_failed",
      `${what}: signature is invalid (corrupted or forged)`,
    );
  }
}
