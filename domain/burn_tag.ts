/**
 * Burn-registry tags (PROTOCOL §5). The registry never stores a message id: it stores
 * `HMAC-SHA-256(burn key, 0x01 || message id)`. A second tag over the envelope header,
 * `HMAC-SHA-256(burn key, 0x02 || SHA-256(header))`, lets a replay be recognised as "already
 * opened" even after the chain keys that could decrypt its header are long gone.
 *
 * @module
 */

import { concat } from "./bytes.ts";
import { PlicoError } from "./errors.ts";
import type { CryptoPort } from "./ports.ts";

const MESSAGE_ID_TAG = 0x01;
const HEADER_TAG = 0x02;

/** The burn tag of a message id (16 bytes). */
export function messageBurnTag(
  crypto: CryptoPort,
  burnKey: Uint8Array,
  messageId: Uint8Array,
): Uint8Array {
  if (messageId.length !== 16) throw new PlicoError("internal", "message id must be 16 bytes");
  return crypto.hmac("sha256", burnKey, concat(new Uint8Array([MESSAGE_ID_TAG]), messageId));
}

/** The burn tag of an envelope header (its exact bytes). */
export function headerBurnTag(
  crypto: CryptoPort,
  burnKey: Uint8Array,
  header: Uint8Array,
): Uint8Array {
  return crypto.hmac(
    "sha256",
    burnKey,
    concat(new Uint8Array([HEADER_TAG]), crypto.sha256(header)),
  );
}
