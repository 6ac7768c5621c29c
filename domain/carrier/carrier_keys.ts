/**
 * Sub-keys of a carrier key (PROTOCOL-carrier §3). The caller chooses the 32-byte carrier key (a
 * key derived from a public label by default, or from a shared secret); each use gets its own
 * HKDF label so the permutation key never doubles as the header key.
 *
 * @module
 */

import { utf8 } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { CryptoPort } from "../ports.ts";

/** Length of a carrier key in bytes. */
const CARRIER_KEY_BYTES = 32;

/** The two sub-keys the carrier uses. The caller owns and may wipe them. */
export interface CarrierKeys {
  /** Keys the Feistel permutation of sample slots (PROTOCOL-carrier §3). */
  readonly permutationKey: Uint8Array;
  /** Seals the carrier header with XChaCha20-Poly1305 (PROTOCOL-carrier §4). */
  readonly headerKey: Uint8Array;
}

/** HKDF-SHA-256(ikm = carrier key, salt = empty, info = label) → 32 bytes per sub-key. */
export function deriveCarrierKeys(crypto: CryptoPort, key: Uint8Array): CarrierKeys {
  if (key.length !== CARRIER_KEY_BYTES) {
    throw new PlicoError("crypto.bad_length", `carrier key must be ${CARRIER_KEY_BYTES} bytes`);
  }
  const empty = new Uint8Array(0);
  return {
    permutationKey: crypto.hkdf("sha256", key, empty, utf8(LABELS.carrierPermutationKey), 32),
    headerKey: crypto.hkdf("sha256", key, empty, utf8(LABELS.carrierHeaderKey), 32),
  };
}
