/**
 * Encoding helpers of the session setup: tagged messages, length prefixes and big-endian
 * integers read back strictly (PROTOCOL-handshake §1).
 *
 * @module
 */

import { concat, u32be, utf8 } from "../bytes.ts";
import { PlicoError } from "../errors.ts";

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

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Big-endian u16 at `offset`; the caller checked the length. */
export function readU16(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint16(offset, false);
}

/** Big-endian u32 at `offset`; the caller checked the length. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint32(offset, false);
}

/** Big-endian u16 encoding. */
export function u16be(value: number): Uint8Array {
  const out = new Uint8Array(2);
  view(out).setUint16(0, value, false);
  return out;
}

/**
 * Big-endian u64 at `offset` that must be a safe integer (≤ 2^53 − 1, §6); anything larger is
 * refused rather than rounded.
 */
export function readSafeU64(bytes: Uint8Array, offset: number, what: string): number {
  const high = readU32(bytes, offset);
  const low = readU32(bytes, offset + 4);
  if (high >= 2 ** 21) throw new PlicoError("input.malformed", `${what} is out of range`);
  return high * 2 ** 32 + low;
}

/** A copy of `length` bytes at `offset`, so parsed records never alias the caller's buffer. */
export function take(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  return bytes.slice(offset, offset + length);
}
