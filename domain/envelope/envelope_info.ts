/**
 * The envelope's 33 bytes of the header plaintext (PROTOCOL-envelope §5.1, offsets 2313..2346):
 * flags, message id, creation time and optional expiry. Validated in the order of §6.2.
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { u64be } from "../bytes.ts";
import { malformed, PlicoError } from "../errors.ts";
import { HEADER_EXTRA_BYTES } from "../ratchet/mod.ts";

/** Length of the random message id, in bytes (128 bits). */
export const MESSAGE_ID_BYTES = 16;
/** `envelope_flags` bit 0: the envelope has an expiry time. */
const FLAG_EXPIRES = 0x01;

/** What the envelope header says about the message, besides the ratchet data. */
export interface EnvelopeInfo {
  /** 16 random bytes; the burn registry stores `HMAC(burn key, id)`, never the id. */
  readonly messageId: Uint8Array;
  /** Sender's clock when sealing, ms since the Unix epoch. */
  readonly createdAt: number;
  /** First instant (ms) at which the envelope is refused, or null for none. */
  readonly expiresAt: number | null;
}

function isTime(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Checks the §6.2 time rules; `code` says who is to blame (sender input or received bytes). */
function checkTimes(info: EnvelopeInfo, code: "input.malformed" | "usage"): void {
  if (!isTime(info.createdAt)) throw new PlicoError(code, "envelope creation time out of range");
  if (info.expiresAt === null) return;
  if (!isTime(info.expiresAt)) throw new PlicoError(code, "envelope expiry out of range");
  if (info.expiresAt <= info.createdAt) {
    throw new PlicoError(code, "an envelope's expiry must be after its creation time");
  }
}

/** The 33 bytes of §5.1. Refuses an expiry not after the creation time (`usage`). */
export function encodeEnvelopeInfo(info: EnvelopeInfo): Uint8Array {
  if (info.messageId.length !== MESSAGE_ID_BYTES) {
    throw new PlicoError("internal", "message id must be 16 bytes");
  }
  checkTimes(info, "usage");
  const out = new Uint8Array(HEADER_EXTRA_BYTES);
  out[0] = info.expiresAt === null ? 0 : FLAG_EXPIRES;
  out.set(info.messageId, 1);
  out.set(u64be(info.createdAt), 1 + MESSAGE_ID_BYTES);
  out.set(u64be(info.expiresAt ?? 0), 1 + MESSAGE_ID_BYTES + 8);
  return out;
}

/** Parses the 33 bytes of an authentic header (§6.2 steps 2–3); `input.malformed` otherwise. */
export function decodeEnvelopeInfo(extra: Uint8Array): EnvelopeInfo {
  if (extra.length !== HEADER_EXTRA_BYTES) {
    throw new PlicoError("internal", "envelope info must be 33 bytes");
  }
  const r = new ByteReader(extra, "envelope header");
  const flags = r.u8();
  if ((flags & ~FLAG_EXPIRES) !== 0) {
    throw malformed("envelope header", `unknown flags ${flags}`);
  }
  const messageId = r.take(MESSAGE_ID_BYTES);
  const createdAt = r.u64("the creation time");
  const expiresRaw = r.u64("the expiry");
  r.end();
  if ((flags & FLAG_EXPIRES) === 0 && expiresRaw !== 0) {
    throw malformed("envelope header", "expiry set without its flag");
  }
  const info: EnvelopeInfo = {
    messageId,
    createdAt,
    expiresAt: (flags & FLAG_EXPIRES) === 0 ? null : expiresRaw,
  };
  checkTimes(info, "input.malformed");
  return info;
}
