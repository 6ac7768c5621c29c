/**
 * Re-signing mutated setup files, as a malicious peer can: the signature then verifies, and the
 * mutation reaches the checks behind it (parameters, times, canonical keys, the ML-KEM data,
 * the binding to the initiator file). Field offsets follow PROTOCOL-handshake §3 and §4.
 *
 * @module
 */

import { concat } from "../../domain/bytes.ts";
import { signSetup } from "../../domain/handshake/signature.ts";
import { INITIATOR, RESPONDER } from "../../domain/handshake/mod.ts";
import { LABELS } from "../../domain/labels.ts";
import type { CryptoPort } from "../../domain/ports.ts";
import type { Field } from "./mutate.ts";

/** Integer fields of the signed part of an initiator file. */
export const INITIATOR_FIELDS: readonly Field[] = [
  { name: "kind", offset: 5, size: 1 },
  { name: "version", offset: 6, size: 1 },
  { name: "suite", offset: 7, size: 1 },
  { name: "lifetime_seconds", offset: INITIATOR.params, size: 4 },
  { name: "skipped_key_window", offset: INITIATOR.params + 4, size: 2 },
  { name: "reserved", offset: INITIATOR.params + 6, size: 2 },
  { name: "created_at", offset: INITIATOR.createdAt, size: 8 },
];

/** Integer fields of the signed part of a responder file. */
export const RESPONDER_FIELDS: readonly Field[] = [
  { name: "kind", offset: 5, size: 1 },
  { name: "version", offset: 6, size: 1 },
  { name: "suite", offset: 7, size: 1 },
  { name: "created_at", offset: RESPONDER.createdAt, size: 8 },
];

/** Offset and length of the identity key in both files (PROTOCOL-handshake §3, §4). */
const IDENTITY_OFFSET = 40;
const IDENTITY_BYTES = 32;

/**
 * `body` (a possibly mutated signed part) signed with `identitySecret` under the label of
 * `kind`. Unless `keepIdentity`, the identity field is first set to the signer's public key, so
 * the signature verifies whenever the body still has the right shape.
 */
export function resignSetup(
  crypto: CryptoPort,
  kind: "initiator" | "responder",
  body: Uint8Array,
  identitySecret: Uint8Array,
  keepIdentity: boolean,
): Uint8Array {
  const signed = body.slice();
  if (!keepIdentity && signed.length >= IDENTITY_OFFSET + IDENTITY_BYTES) {
    signed.set(crypto.ed25519PublicKey(identitySecret), IDENTITY_OFFSET);
  }
  const label = kind === "initiator" ? LABELS.sigInitiator : LABELS.sigResponder;
  return concat(signed, signSetup(crypto, identitySecret, label, signed));
}

/** The signed part of a complete setup file of `kind`. */
export function signedPart(kind: "initiator" | "responder", file: Uint8Array): Uint8Array {
  return file.subarray(0, kind === "initiator" ? INITIATOR.signature : RESPONDER.signature);
}
