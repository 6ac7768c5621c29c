/**
 * QR sequences (PROTOCOL-qr §3): a payload split into parts that can be scanned in any order,
 * and the collector that puts them back together. The collector keeps at most one slice per
 * part of the one sequence it started with (at most QR_MAX_PAYLOAD_BYTES in all); a part that
 * is foreign, damaged or of another sequence is refused and changes nothing.
 *
 * @module
 */

import { timingSafeEqual } from "../bytes.ts";
import { crc32 } from "../crc32.ts";
import { QR_MAX_PAYLOAD_BYTES, QR_PART_DATA_MAX_BYTES } from "../limits.ts";
import {
  nothingRead,
  otherSequence,
  partsMissing,
  payloadSize,
  sequenceMismatch,
} from "./qr_errors.ts";
import {
  encodePart,
  parsePart,
  QR_SEQUENCE_ID_BYTES,
  type QrSequenceHeader,
  shapeProblem,
  sliceRange,
} from "./qr_part.ts";

/** Number of parts for a payload of `totalBytes`: as few as the slice limit allows. */
export function partCount(totalBytes: number): number {
  return Math.ceil(totalBytes / QR_PART_DATA_MAX_BYTES);
}

/**
 * The parts of `payload`, in order. `sequenceId` is QR_SEQUENCE_ID_BYTES random bytes drawn by
 * the caller for this sequence. Throws `qr.error` for an empty or too large payload.
 */
export function encodeSequence(payload: Uint8Array, sequenceId: Uint8Array): Uint8Array[] {
  if (payload.length === 0 || payload.length > QR_MAX_PAYLOAD_BYTES) {
    throw payloadSize(payload.length, QR_MAX_PAYLOAD_BYTES);
  }
  if (sequenceId.length !== QR_SEQUENCE_ID_BYTES) throw new RangeError("sequence id length");
  const count = partCount(payload.length);
  const shape = shapeProblem(payload.length, count);
  if (shape !== null) throw new RangeError(`QR sequence shape: ${shape}`);
  const header: QrSequenceHeader = {
    sequenceId,
    count,
    totalBytes: payload.length,
    payloadCrc: crc32(payload),
  };
  const parts: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const { start, end } = sliceRange(payload.length, count, index);
    parts.push(encodePart(header, index, payload.subarray(start, end)));
  }
  return parts;
}

/** What `QrCollector.add` did with a part. */
export interface QrProgress {
  /** "added" a new part, or the part was already there ("duplicate": a code scanned twice). */
  readonly outcome: "added" | "duplicate";
  /** 1-based number of the part just read. */
  readonly part: number;
  readonly count: number;
  /** 1-based numbers of the parts still missing, ascending. */
  readonly missing: readonly number[];
}

/** Collects the parts of one sequence, in any order. */
export class QrCollector {
  #header: QrSequenceHeader | null = null;
  #slices: (Uint8Array | undefined)[] = [];

  /** The number of parts of the sequence, or null before the first part. */
  get count(): number | null {
    return this.#header?.count ?? null;
  }

  /** True when every part is there. */
  get complete(): boolean {
    return this.#header !== null && this.missing().length === 0;
  }

  /** 1-based numbers of the parts still missing (empty before the first part too). */
  missing(): number[] {
    const out: number[] = [];
    for (let i = 0; i < (this.#header?.count ?? 0); i++) {
      if (this.#slices[i] === undefined) out.push(i + 1);
    }
    return out;
  }

  /**
   * Adds the bytes of one scanned code. Throws `qr.error` (and keeps everything as it was) for
   * a foreign code, a damaged part or a part of another sequence.
   */
  add(bytes: Uint8Array): QrProgress {
    const part = parsePart(bytes);
    const header = this.#header;
    if (header !== null && !sameSequence(header, part)) throw otherSequence();
    const known = this.#slices[part.index];
    let outcome: QrProgress["outcome"] = "added";
    if (known !== undefined) {
      // Same sequence id and checksum yet other bytes at this place: not from the same sequence.
      if (!timingSafeEqual(known, part.slice)) throw otherSequence();
      outcome = "duplicate";
    } else {
      if (header === null) {
        this.#header = {
          sequenceId: part.sequenceId,
          count: part.count,
          totalBytes: part.totalBytes,
          payloadCrc: part.payloadCrc,
        };
        this.#slices = new Array(part.count).fill(undefined);
      }
      this.#slices[part.index] = part.slice;
    }
    return { outcome, part: part.index + 1, count: part.count, missing: this.missing() };
  }

  /**
   * The payload, once complete. Throws `qr.error` naming the missing parts, or when the parts
   * do not add up to the sequence's checksum (then scan the whole sequence again).
   */
  assemble(): Uint8Array {
    const header = this.#header;
    if (header === null) throw nothingRead();
    const missing = this.missing();
    if (missing.length > 0) throw partsMissing(missing, header.count);
    const out = new Uint8Array(header.totalBytes);
    let at = 0;
    for (const slice of this.#slices) {
      out.set(slice!, at);
      at += slice!.length;
    }
    if (at !== header.totalBytes || crc32(out) !== header.payloadCrc) throw sequenceMismatch();
    return out;
  }
}

function sameSequence(a: QrSequenceHeader, b: QrSequenceHeader): boolean {
  return timingSafeEqual(a.sequenceId, b.sequenceId) && a.count === b.count &&
    a.totalBytes === b.totalBytes && a.payloadCrc === b.payloadCrc;
}
