/**
 * The body key (PROTOCOL-envelope §8.1):
 * `HKDF-SHA-256(ikm = MK, salt = SHA-256(enc_header), info = "plico/v2/envelope/body-key", 32)`.
 * The salt binds the body to the exact header bytes it travels with.
 *
 * @module
 */

import { utf8, wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { CryptoPort } from "../ports.ts";
import { HEADER_BYTES, KEY_BYTES } from "../ratchet/mod.ts";

/** §8.1. The caller keeps ownership of `messageKey`; the result is a fresh key to wipe. */
export function deriveBodyKey(
  crypto: CryptoPort,
  messageKey: Uint8Array,
  encHeader: Uint8Array,
): Uint8Array {
  if (messageKey.length !== KEY_BYTES) throw new PlicoError("internal", "message key length");
  if (encHeader.length !== HEADER_BYTES) throw new PlicoError("internal", "header length");
  const salt = crypto.sha256(encHeader);
  try {
    return crypto.hkdf("sha256", messageKey, salt, utf8(LABELS.envelopeBodyKey), KEY_BYTES);
  } finally {
    wipe(salt);
  }
}
