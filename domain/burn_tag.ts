/**
 * Burn-registry tags (PROTOCOL §5). The registry never stores a message id: it stores
 * `HMAC-SHA-256(burn key, 0x01 || position || message id)`, where `position` is the message's
 * secret place in its session (keyed by its chain's header key, `messagePosition`). So a tag is
 * bound to one session and one ratchet position: two different valid envelopes never share it,
 * also across sessions and also when a sender picks the same message id twice. A second tag
 * over the envelope header, `HMAC-SHA-256(burn key, 0x02 || SHA-256(header))`, lets a replay be
 * recognised as "already opened" even after the chain keys that could decrypt its header are
 * long gone.
 *
 * @module
 */

import { concat, wipe } from "./bytes.ts";
import { PlicoError } from "./errors.ts";
import type { CryptoPort } from "./ports.ts";

const MESSAGE_TAG = 0x01;
const HEADER_TAG = 0x02;

/** The burn tag of a message at `position` (32 bytes) with this message id (16 bytes). */
export function messageBurnTag(
  crypto: CryptoPort,
  burnKey: Uint8Array,
  position: Uint8Array,
  messageId: Uint8Array,
): Uint8Array {
  if (position.length !== 32) throw new PlicoError("internal", "position must be 32 bytes");
  if (messageId.length !== 16) throw new PlicoError("internal", "message id must be 16 bytes");
  const input = concat(new Uint8Array([MESSAGE_TAG]), position, messageId);
  try {
    return crypto.hmac("sha256", burnKey, input);
  } finally {
    wipe(input);
  }
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
