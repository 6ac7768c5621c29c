/**
 * Copying bytes out of memory that Windows allocated (DPAPI's output blob) and wiping it
 * before it is handed back to `LocalFree`, as Microsoft's documentation asks for decrypted
 * data. Needs `--allow-ffi`; platform-neutral, so it is tested on Linux too.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";

/** The address of a buffer we own, for a DATA_BLOB's `pbData`. */
export function addressOf(bytes: Uint8Array): bigint {
  return Deno.UnsafePointer.value(Deno.UnsafePointer.of(bytes));
}

/**
 * Copies `length` bytes at `address` into a fresh buffer, refusing more than `maxBytes`, and
 * zeroes the foreign bytes afterwards when `wipeSource` is set.
 */
export function takeForeignBytes(
  address: bigint,
  length: number,
  maxBytes: number,
  wipeSource: boolean,
): Uint8Array {
  if (length > maxBytes) {
    throw new PlicoError("platform.unavailable", "Windows returned an unexpectedly large blob");
  }
  if (length === 0) return new Uint8Array(0);
  const pointer = Deno.UnsafePointer.create(address);
  if (pointer === null) throw new PlicoError("platform.unavailable", "Windows returned no data");
  const source = new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(pointer, length));
  const copy = source.slice();
  if (wipeSource) source.fill(0);
  return copy;
}
