/**
 * The package reader (PROTOCOL-envelope §10): a state machine fed decrypted body bytes in
 * pieces of any size. It emits events as soon as they are complete and refuses malformed input,
 * limit violations, non-zero padding and trailing bytes at the first byte that shows them.
 * Memory: the text (≤ 16 MiB) and one small field; attachment bytes pass through as views of
 * the pieces given. Once it failed it keeps failing with the same error.
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { fromUtf8 } from "../bytes.ts";
import type { PlicoError } from "../errors.ts";
import { isPlicoError, malformed } from "../errors.ts";
import {
  checkAttachmentCount,
  checkMediaTypeLength,
  checkNameLength,
  checkSize,
  checkTextLength,
  isValidMediaType,
} from "./seal_limits.ts";
import { maxExtraPadding, padme } from "../padding.ts";
import {
  type AttachmentMeta,
  layoutFor,
  PACKAGE_COUNT_BYTES,
  PACKAGE_ENTRY_FIXED_BYTES,
  PACKAGE_FLAG_VIEW_ONLY,
  PACKAGE_FLAGS_BYTES,
  PACKAGE_KNOWN_FLAGS,
  PACKAGE_PADDING_LENGTH_BYTES,
  PACKAGE_TEXT_PREFIX_BYTES,
  PACKAGE_VERSION,
  PACKAGE_VERSION_WITH_FLAGS,
  type PackageLayout,
} from "./package_format.ts";

/** What the decoder reports, in this order (§10). */
export type PackageEvent =
  /** `viewOnly`: the sender's flag (§10 bit 0), false in a version-0x02 package. */
  | { readonly type: "text"; readonly text: string; readonly viewOnly: boolean }
  | { readonly type: "manifest"; readonly attachments: readonly AttachmentMeta[] }
  | { readonly type: "attachment_start"; readonly index: number; readonly meta: AttachmentMeta }
  | { readonly type: "data"; readonly index: number; readonly bytes: Uint8Array }
  | { readonly type: "attachment_end"; readonly index: number }
  | { readonly type: "done"; readonly layout: PackageLayout };

/** Feeds decrypted bytes in; events out. */
export interface PackageDecoder {
  /** Adds the next piece of the body plaintext; returns the events it completed. */
  push(piece: Uint8Array): PackageEvent[];
  /** The body ended; returns `[done]` or refuses a truncated package (`input.malformed`). */
  finish(): PackageEvent[];
}

type Field =
  | "version"
  | "flags"
  | "textLength"
  | "text"
  | "count"
  | "nameLength"
  | "name"
  | "typeLength"
  | "type"
  | "size"
  | "paddingLength";

/** The integer a complete fixed-size field holds. */
function u32(field: Uint8Array): number {
  const r = new ByteReader(field, "package");
  const value = r.u32();
  r.end();
  return value;
}

function u64(field: Uint8Array, what: string): number {
  const r = new ByteReader(field, "package");
  const value = r.u64(what);
  r.end();
  return value;
}

function strictUtf8(bytes: Uint8Array, what: string): string {
  try {
    return fromUtf8(bytes);
  } catch {
    throw malformed("package", `${what} is not valid UTF-8`);
  }
}

/** A decoder for one package. */
export function createPackageDecoder(): PackageDecoder {
  let failure: PlicoError | null = null;
  let finished = false;
  // Field parsing: `field` collects exactly `need` bytes for the field named `at`.
  let at: Field = "version";
  let field = new Uint8Array(1);
  let filled = 0;
  // Parsed values.
  let textBytes = 0;
  let count = 0;
  let content = 0;
  let viewOnly = false;
  let preambleBytes = PACKAGE_TEXT_PREFIX_BYTES + PACKAGE_COUNT_BYTES +
    PACKAGE_PADDING_LENGTH_BYTES;
  let name = "";
  let mediaType = "";
  const attachments: AttachmentMeta[] = [];
  // Body phases after the preamble.
  let phase: "preamble" | "data" | "padding" | "end" = "preamble";
  let index = 0;
  let left = 0;
  let layout: PackageLayout | null = null;

  const expect = (next: Field, length: number) => {
    at = next;
    field = new Uint8Array(length);
    filled = 0;
  };

  /** Starts attachment data (skipping empty ones) or the padding. */
  const nextAttachment = (events: PackageEvent[]) => {
    while (index < attachments.length) {
      events.push({ type: "attachment_start", index, meta: attachments[index]! });
      left = attachments[index]!.size;
      if (left > 0) {
        phase = "data";
        return;
      }
      events.push({ type: "attachment_end", index });
      index++;
    }
    left = layout!.paddingBytes;
    phase = left > 0 ? "padding" : "end";
  };

  /** §10/§11: the padding length must be Padmé's plus an extra within its range. */
  const endPreamble = (events: PackageEvent[], paddingLength: number) => {
    const unpadded = preambleBytes + content - textBytes;
    const padded = padme(unpadded);
    const extra = paddingLength - (padded - unpadded);
    if (extra < 0 || extra > maxExtraPadding(padded)) {
      throw malformed(
        "package",
        `padding length ${paddingLength} is out of range for this package`,
      );
    }
    layout = layoutFor(preambleBytes, content - textBytes, extra);
    events.push({ type: "manifest", attachments: attachments.slice() });
    nextAttachment(events);
  };

  const startEntry = () => {
    if (attachments.length === count) expect("paddingLength", PACKAGE_PADDING_LENGTH_BYTES);
    else expect("nameLength", 1);
  };

  /** A field is complete: validate it (§10 order) and choose the next one. */
  const onField = (events: PackageEvent[]) => {
    switch (at) {
      case "version":
        if (field[0] === PACKAGE_VERSION_WITH_FLAGS) {
          preambleBytes += PACKAGE_FLAGS_BYTES;
          return expect("flags", PACKAGE_FLAGS_BYTES);
        }
        if (field[0] !== PACKAGE_VERSION) throw malformed("package", `unknown version ${field[0]}`);
        return expect("textLength", 4);
      case "flags":
        // Canonical: version 0x03 only with a flag set; an unknown flag is never dropped.
        if (field[0] === 0) throw malformed("package", "version 3 without any flag");
        if ((field[0]! & ~PACKAGE_KNOWN_FLAGS) !== 0) {
          throw malformed("package", `unknown flags ${field[0]}`);
        }
        viewOnly = (field[0]! & PACKAGE_FLAG_VIEW_ONLY) !== 0;
        return expect("textLength", 4);
      case "textLength":
        textBytes = u32(field);
        checkTextLength(textBytes);
        content = textBytes;
        preambleBytes += textBytes;
        return expect("text", textBytes);
      case "text":
        events.push({ type: "text", text: strictUtf8(field, "the text"), viewOnly });
        return expect("count", PACKAGE_COUNT_BYTES);
      case "count":
        count = (field[0]! << 8) | field[1]!;
        checkAttachmentCount(count);
        return startEntry();
      case "nameLength":
        checkNameLength(field[0]!);
        preambleBytes += PACKAGE_ENTRY_FIXED_BYTES + field[0]!;
        return expect("name", field[0]!);
      case "name":
        name = strictUtf8(field, "an attachment name");
        return expect("typeLength", 1);
      case "typeLength":
        checkMediaTypeLength(field[0]!);
        preambleBytes += field[0]!;
        return expect("type", field[0]!);
      case "type":
        // ASCII only: decoding as UTF-8 cannot alter valid bytes, and the test rejects others.
        mediaType = strictUtf8(field, "a media type");
        if (!isValidMediaType(mediaType)) throw malformed("package", "an invalid media type");
        return expect("size", 8);
      case "size": {
        const size = u64(field, "an attachment size");
        checkSize(size, content);
        content += size;
        attachments.push({ name, mediaType, size });
        return startEntry();
      }
      case "paddingLength":
        // A value of 2^53 or more is refused by the reader: out of range for any package.
        return endPreamble(events, u64(field, "the padding length"));
    }
  };

  const consume = (piece: Uint8Array, events: PackageEvent[]) => {
    let offset = 0;
    while (offset < piece.length) {
      if (phase === "preamble") {
        const take = Math.min(field.length - filled, piece.length - offset);
        field.set(piece.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === field.length) onField(events);
        // Zero-length fields (an empty text) complete without consuming a byte.
        while (phase === "preamble" && filled === field.length) onField(events);
      } else if (phase === "data") {
        const take = Math.min(left, piece.length - offset);
        events.push({ type: "data", index, bytes: piece.subarray(offset, offset + take) });
        left -= take;
        offset += take;
        if (left === 0) {
          events.push({ type: "attachment_end", index });
          index++;
          nextAttachment(events);
        }
      } else if (phase === "padding") {
        const take = Math.min(left, piece.length - offset);
        if (!zeroRange(piece, offset, offset + take)) {
          throw malformed("package", "the padding is not all zero");
        }
        left -= take;
        offset += take;
        if (left === 0) phase = "end";
      } else {
        throw malformed("package", "bytes after the end of the package");
      }
    }
  };

  const guarded = <T>(run: () => T): T => {
    if (failure) throw failure;
    try {
      return run();
    } catch (e) {
      if (isPlicoError(e)) failure = e;
      throw e;
    }
  };

  return {
    push(piece: Uint8Array): PackageEvent[] {
      return guarded(() => {
        if (finished) throw malformed("package", "bytes after the end of the package");
        const events: PackageEvent[] = [];
        consume(piece, events);
        return events;
      });
    },
    finish(): PackageEvent[] {
      return guarded(() => {
        if (finished) throw malformed("package", "finished twice");
        finished = true;
        if (phase !== "end") throw malformed("package", "the package is truncated");
        return [{ type: "done", layout: layout! }];
      });
    },
  };
}

/**
 * True when `bytes[from..to)` are all zero. Padding can be a sixth of a large package, so the
 * aligned middle is tested four bytes at a time (about four times faster than byte by byte).
 * Padding is checked after authentication and says nothing secret: early exit is fine.
 */
function zeroRange(bytes: Uint8Array, from: number, to: number): boolean {
  let i = from;
  while (i < to && ((bytes.byteOffset + i) & 3) !== 0) {
    if (bytes[i] !== 0) return false;
    i++;
  }
  const words = (to - i) >>> 2;
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    let acc = 0;
    for (let k = 0; k < words; k++) acc |= view[k]!;
    if (acc !== 0) return false;
    i += words * 4;
  }
  for (; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}
