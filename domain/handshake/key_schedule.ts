/**
 * Transcript hash and root key of the session setup (PROTOCOL-handshake §7).
 *
 * @module
 */

import { concat, utf8, wipe } from "../bytes.ts";
import { LABELS } from "../labels.ts";
import type { CryptoPort } from "../ports.ts";
import { lp, tagged } from "./encoding.ts";
import { SIZES } from "./format.ts";

/** SHA3-256 of the complete initiator file: what a responder file names (§4). */
export function initiatorFileHash(crypto: CryptoPort, initiatorFile: Uint8Array): Uint8Array {
  return crypto.sha3_256(initiatorFile);
}

/**
 * `SHA3-256(tagged("plico/v2/transcript", lp(initiator file) || lp(responder file)))`: both
 * complete files, so every exchanged value and both signatures are bound (§7).
 */
export function transcriptHash(
  crypto: CryptoPort,
  initiatorFile: Uint8Array,
  responderFile: Uint8Array,
): Uint8Array {
  return crypto.sha3_256(tagged(LABELS.transcript, concat(lp(initiatorFile), lp(responderFile))));
}

/**
 * `HKDF-SHA3-256(ikm = dh || kem, salt = transcript, info = "plico/v2/root-key", 32)` (§7).
 * Needs both shared secrets (hybrid). The caller wipes `dh` and `kem`; the ikm copy is wiped here.
 */
export function deriveRootKey(
  crypto: CryptoPort,
  dh: Uint8Array,
  kem: Uint8Array,
  transcript: Uint8Array,
): Uint8Array {
  const ikm = concat(dh, kem);
  try {
    return crypto.hkdf("sha3-256", ikm, transcript, utf8(LABELS.rootKey), SIZES.rootKey);
  } finally {
    wipe(ikm);
  }
}
