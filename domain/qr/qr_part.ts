/**
 * One part of a QR sequence (PROTOCOL-qr §2): a 17-byte header, a slice of the payload and a
 * CRC-32 over both. The parser checks the length before anything else, then the magic, the
 * version and the checksum, then every field against the limits and against each other, so a
 * part is accepted only in the one form `encodePart` writes.
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { concat, u32be } from "../bytes.ts";
import { crc32 } from "../crc32.ts";
import { QR_MAX_PARTS, QR_MAX_PAYLOAD_BYTES, QR_PART_DATA_MAX_BYTES } from "../limits.ts";
import { damagedPart, foreignCode, unsupportedVersion } from "./qr_errors.ts";

/** The two magic bytes "PQ" that open every part. */
export const QR_MAGIC = Uint8Array.of(0x50, 0x51);
/** The framing version this program writes and reads. */
export const QR_FRAMING_VERSION = 1;
/** Length of the sequence id, in bytes. */
export const QR_SEQUENCE_ID_BYTES = 4;
/** Header bytes before the slice: magic, version, sequence id, index, count, total, checksum. */
export const QR_HEADER_BYTES = 2 + 1 + QR_SEQUENCE_ID_BYTES + 1 + 1 + 4 + 4;
/** Trailer: CRC-32 of the header and the slice. */
export const QR_TRAILER_BYTES = 4;

/** What every part of one sequence repeats. */
export interface QrSequenceHeader {
  /** Random, drawn once per sequence; tells two sequences apart. */
  readonly sequenceId: Uint8Array;
  /** Number of parts, 1..QR_MAX_PARTS. */
  readonly count: number;
  /** Payload length in bytes, 1..QR_MAX_PAYLOAD_BYTES. */
  readonly totalBytes: number;
  /** CRC-32 of the whole payload. */
  readonly payloadCrc: number;
}

/** A parsed part. */
export interface QrPart extends QrSequenceHeader {
  /** 0-based position of the slice. */
  readonly index: number;
  /** The slice of the payload this part carries. */
  readonly slice: Uint8Array;
}

/** Slice length of every part but possibly the last: the payload split as evenly as it goes. */
export function sliceBytes(totalBytes: number, count: number): number {
  return Math.ceil(totalBytes / count);
}

/** Where part `index`'s slice starts and ends in the payload (PROTOCOL-qr §3). */
export function sliceRange(
  totalBytes: number,
  count: number,
  index: number,
): { start: number; end: number } {
  const size = sliceBytes(totalBytes, count);
  const start = index * size;
  return { start, end: Math.min(start + size, totalBytes) };
}

/**
 * Why `count` parts cannot carry `totalBytes`, or null when they can: every slice at most
 * QR_PART_DATA_MAX_BYTES and none empty.
 */
export function shapeProblem(totalBytes: number, count: number): string | null {
  if (totalBytes < 1 || totalBytes > QR_MAX_PAYLOAD_BYTES) return `total ${totalBytes} bytes`;
  if (count < 1 || count > QR_MAX_PARTS) return `count ${count}`;
  if (sliceBytes(totalBytes, count) > QR_PART_DATA_MAX_BYTES) return "slices too long";
  if (sliceRange(totalBytes, count, count - 1).start >= totalBytes) return "empty last slice";
  return null;
}

/** The bytes of one part. The caller guarantees a valid shape (`encodeSequence` does). */
export function encodePart(header: QrSequenceHeader, index: number, slice: Uint8Array): Uint8Array {
  const head = concat(
    QR_MAGIC,
    Uint8Array.of(QR_FRAMING_VERSION),
    header.sequenceId,
    Uint8Array.of(index, header.count),
    u32be(header.totalBytes),
    u32be(header.payloadCrc),
  );
  return concat(head, slice, u32be(crc32(head, slice)));
}

/** Parses one part; throws `qr.error` saying whether it is foreign, newer or damaged. */
export function parsePart(bytes: Uint8Array): QrPart {
  if (bytes.length < QR_MAGIC.length || bytes[0] !== QR_MAGIC[0] || bytes[1] !== QR_MAGIC[1]) {
    throw foreignCode();
  }
  if (bytes.length < 3) throw damagedPart("too short");
  if (bytes[2] !== QR_FRAMING_VERSION) throw unsupportedVersion(bytes[2]!);
  if (bytes.length < QR_HEADER_BYTES + 1 + QR_TRAILER_BYTES) throw damagedPart("too short");
  if (bytes.length > QR_HEADER_BYTES + QR_PART_DATA_MAX_BYTES + QR_TRAILER_BYTES) {
    throw damagedPart("too long");
  }
  const bodyEnd = bytes.length - QR_TRAILER_BYTES;
  const fail = (_part: string, why: string) => damagedPart(why);
  const stored = new ByteReader(bytes.subarray(bodyEnd), "QR part", fail).u32();
  if (stored !== crc32(bytes.subarray(0, bodyEnd))) throw damagedPart("checksum");
  const r = new ByteReader(bytes.subarray(0, bodyEnd), "QR part", fail);
  r.take(QR_MAGIC.length + 1);
  const sequenceId = r.take(QR_SEQUENCE_ID_BYTES).slice();
  const index = r.u8();
  const count = r.u8();
  const totalBytes = r.u32();
  const payloadCrc = r.u32();
  const slice = r.take(r.remaining).slice();
  const shape = shapeProblem(totalBytes, count);
  if (shape !== null) throw damagedPart(shape);
  if (index >= count) throw damagedPart(`index ${index} of ${count}`);
  const { start, end } = sliceRange(totalBytes, count, index);
  if (slice.length !== end - start) throw damagedPart("slice length");
  return { sequenceId, count, totalBytes, payloadCrc, index, slice };
}
