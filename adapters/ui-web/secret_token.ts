/**
 * Random bearer secrets of the UI (launch token, session cookie, CSRF token): 256 bits from the
 * randomness port, written as unpadded base64url, compared in constant time.
 *
 * @module
 */

import { timingSafeEqual, utf8, wipe } from "../../domain/bytes.ts";
import { UI_SECRET_BYTES } from "../../domain/limits.ts";
import type { RandomPort } from "../../domain/ports.ts";

/** Unpadded base64url (RFC 4648 §5) of `bytes`. */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A fresh random secret of `bytes` bytes, as base64url text. */
export function newSecret(random: RandomPort, bytes = UI_SECRET_BYTES): string {
  const raw = random.randomBytes(bytes);
  try {
    return base64url(raw);
  } finally {
    wipe(raw);
  }
}

/**
 * True when `given` equals `expected`. The time taken depends only on the lengths (which are
 * public: every secret has the same length), never on where the texts differ; a best effort
 * under a JIT, like `timingSafeEqual`.
 */
export function secretMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== "string") return false;
  return timingSafeEqual(utf8(expected), utf8(given));
}
