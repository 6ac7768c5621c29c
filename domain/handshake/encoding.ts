/**
 * Encoding helpers of the session setup: tagged messages and length prefixes
 * (PROTOCOL-handshake §1). Fields are read back with `domain/byte_reader.ts`.
 *
 * @module
 */

import { concat, u32be, utf8 } from "../bytes.ts";

/**
 * `utf8(label) || 0x00 || data`. Labels are ASCII without NUL, so the prefix is unambiguous and
 * no two labels tag the same message (§1).
 */
export function tagged(label: string, data: Uint8Array): Uint8Array {
  return concat(utf8(label), new Uint8Array([0]), data);
}

/** `u32be(len(x)) || x` (§1). */
export function lp(x: Uint8Array): Uint8Array {
  return concat(u32be(x.length), x);
}
