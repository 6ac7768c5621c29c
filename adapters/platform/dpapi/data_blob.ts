/**
 * The Win32 `DATA_BLOB` (`CRYPT_INTEGER_BLOB`) structure on 64-bit Windows, as DPAPI takes
 * and returns it:
 *
 *     typedef struct { DWORD cbData; BYTE *pbData; } DATA_BLOB;
 *
 * `cbData` at offset 0 (4 bytes, little-endian), 4 bytes of padding to align the pointer,
 * `pbData` at offset 8 (8 bytes): 16 bytes in all. Only x86-64 and arm64 Windows are
 * supported (both LLP64, little-endian), which is what Deno ships for.
 *
 * @module
 */

/** Size of a DATA_BLOB in bytes on 64-bit Windows. */
export const DATA_BLOB_BYTES = 16;
const LENGTH_OFFSET = 0;
const POINTER_OFFSET = 8;

/** A DATA_BLOB's fields: the byte count and the address of the bytes. */
export interface DataBlobFields {
  readonly length: number;
  readonly address: bigint;
}

/** Encodes a DATA_BLOB that points at `address` and covers `length` bytes. */
export function encodeDataBlob(fields: DataBlobFields): Uint8Array {
  if (!Number.isInteger(fields.length) || fields.length < 0 || fields.length > 0xffffffff) {
    throw new RangeError("DATA_BLOB length out of range");
  }
  if (fields.address < 0n || fields.address >= 1n << 64n) {
    throw new RangeError("DATA_BLOB address out of range");
  }
  const blob = new Uint8Array(DATA_BLOB_BYTES);
  const view = new DataView(blob.buffer);
  view.setUint32(LENGTH_OFFSET, fields.length, true);
  view.setBigUint64(POINTER_OFFSET, fields.address, true);
  return blob;
}

/** Reads the fields of a DATA_BLOB that DPAPI filled in. */
export function decodeDataBlob(blob: Uint8Array): DataBlobFields {
  if (blob.length !== DATA_BLOB_BYTES) throw new RangeError("DATA_BLOB must be 16 bytes");
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  return {
    length: view.getUint32(LENGTH_OFFSET, true),
    address: view.getBigUint64(POINTER_OFFSET, true),
  };
}
