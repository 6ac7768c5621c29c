/**
 * Sub-keys derived from the device master key (PROTOCOL §2.4). Each purpose has its own HKDF
 * label, so a compromise of one sub-key never reveals another or the master key.
 *
 * @module
 */

import { utf8 } from "./bytes.ts";
import { LABELS } from "./labels.ts";
import type { CryptoPort } from "./ports.ts";

/** The purposes a sub-key can be derived for. */
export type SubkeyPurpose = "storage" | "burn" | "temp";

const INFO: Record<SubkeyPurpose, string> = {
  storage: LABELS.storageKey,
  burn: LABELS.burnKey,
  temp: LABELS.tempKey,
};

/** HKDF-SHA-256(ikm = master key, salt = empty, info = label) → 32 bytes. */
export function deriveSubkey(
  crypto: CryptoPort,
  masterKey: Uint8Array,
  purpose: SubkeyPurpose,
): Uint8Array {
  return crypto.hkdf("sha256", masterKey, new Uint8Array(0), utf8(INFO[purpose]), 32);
}
