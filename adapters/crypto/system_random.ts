/**
 * The operating system's CSPRNG through WebCrypto.
 *
 * @module
 */

import type { RandomPort } from "../../domain/ports.ts";
import { requireIntegerBetween } from "./require_length.ts";

/** WebCrypto refuses to fill more than 65,536 bytes per call (W3C WebCrypto §10.1.1). */
const MAX_BYTES_PER_CALL = 65_536;

/** Cryptographically secure random bytes from `crypto.getRandomValues`. */
export const systemRandom: RandomPort = {
  randomBytes(length: number): Uint8Array {
    requireIntegerBetween("random length", length, 0, Number.MAX_SAFE_INTEGER);
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += MAX_BYTES_PER_CALL) {
      crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + MAX_BYTES_PER_CALL)));
    }
    return out;
  },
};
