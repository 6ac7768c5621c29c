/**
 * The package framing of PROTOCOL-envelope §10: field sizes, the metadata types, and the size
 * arithmetic shared by the encoder, the decoder and the envelope layer.
 *
 * @module
 */

import {
  PACKAGE_ATTACHMENTS_MAX,
  PACKAGE_CONTENT_MAX_BYTES,
  PACKAGE_MEDIA_TYPE_MAX_BYTES,
  PACKAGE_NAME_MAX_BYTES,
} from "../limits.ts";
import { maxExtraPadding, padme } from "../padding.ts";

/** The package version of protocol v2 without options. */
export const PACKAGE_VERSION = 0x02;
/** Version 0x02 plus a `flags` byte; written only when a flag is set (PROTOCOL-envelope §10). */
export const PACKAGE_VERSION_WITH_FLAGS = 0x03;
/** Flag bit 0: the sender asks that attachments be shown, not saved (a courtesy). */
export const PACKAGE_FLAG_VIEW_ONLY = 0x01;
/** Every flag bit this version knows; any other bit is refused. */
export const PACKAGE_KNOWN_FLAGS = PACKAGE_FLAG_VIEW_ONLY;
/** version u8 + text_length u32 (a version-0x03 package has one flags byte more). */
export const PACKAGE_TEXT_PREFIX_BYTES = 1 + 4;
/** The flags byte of version 0x03. */
export const PACKAGE_FLAGS_BYTES = 1;
/** attachment_count u16. */
export const PACKAGE_COUNT_BYTES = 2;
/** padding_length u64, the last field of the preamble. */
export const PACKAGE_PADDING_LENGTH_BYTES = 8;
/** Fixed bytes of one attachment entry: name_length u8, type_length u8, size u64. */
export const PACKAGE_ENTRY_FIXED_BYTES = 1 + 1 + 8;
/** Shortest media type: "a/b". */
export const MEDIA_TYPE_MIN_BYTES = 3;

/** Largest unpadded package: 256 entries with the longest name and type, plus all content. */
export const PACKAGE_MAX_UNPADDED_BYTES = PACKAGE_TEXT_PREFIX_BYTES + PACKAGE_FLAGS_BYTES +
  PACKAGE_COUNT_BYTES +
  PACKAGE_ATTACHMENTS_MAX *
    (PACKAGE_ENTRY_FIXED_BYTES + PACKAGE_NAME_MAX_BYTES + PACKAGE_MEDIA_TYPE_MAX_BYTES) +
  PACKAGE_PADDING_LENGTH_BYTES + PACKAGE_CONTENT_MAX_BYTES;
/** Largest package, padding included: the most a body can decrypt to. */
export const PACKAGE_MAX_BYTES = padme(PACKAGE_MAX_UNPADDED_BYTES) +
  maxExtraPadding(padme(PACKAGE_MAX_UNPADDED_BYTES));

/** Metadata of one attachment, as stored in the package. */
export interface AttachmentMeta {
  /** File name as the sender gave it (sanitise with `safeOutputName` before writing). */
  readonly name: string;
  /** ASCII `type/subtype`, e.g. "application/pdf". */
  readonly mediaType: string;
  /** Exact size in bytes. */
  readonly size: number;
}

/** Everything in a package but the attachment bytes. */
export interface PackageManifest {
  readonly text: string;
  readonly attachments: readonly AttachmentMeta[];
  /** The sender's "view only" (§10 flag bit 0); absent or false: version 0x02 is written. */
  readonly viewOnly?: boolean;
}

/** Sizes of a package, known before any attachment byte is read. */
export interface PackageLayout {
  /** Version, text, all attachment entries and the padding length. */
  readonly preambleBytes: number;
  /** Sum of the attachment sizes. */
  readonly attachmentBytes: number;
  /** `L`: preamble plus attachment bytes. */
  readonly unpaddedBytes: number;
  /** `padme(L)`. */
  readonly padmeBytes: number;
  /** The random extra padding, `0 ..= ⌊padme(L) / 16⌋` (PROTOCOL-envelope §11). */
  readonly extraBytes: number;
  /** `padme(L) + extra`: the body plaintext length. */
  readonly paddedBytes: number;
  /** `padme(L) − L + extra` zero bytes at the end (the preamble's `padding_length`). */
  readonly paddingBytes: number;
}

/**
 * The layout for a preamble of `preambleBytes` (padding length included) followed by
 * `attachmentBytes` of content and `extraBytes` of extra padding (`RangeError` when the extra
 * is out of range: a caller bug; the decoder checks the field itself first).
 */
export function layoutFor(
  preambleBytes: number,
  attachmentBytes: number,
  extraBytes: number,
): PackageLayout {
  const unpaddedBytes = preambleBytes + attachmentBytes;
  const padmeBytes = padme(unpaddedBytes);
  if (
    !Number.isSafeInteger(extraBytes) || extraBytes < 0 || extraBytes > maxExtraPadding(padmeBytes)
  ) {
    throw new RangeError(`extra padding out of range: ${extraBytes}`);
  }
  const paddedBytes = padmeBytes + extraBytes;
  return {
    preambleBytes,
    attachmentBytes,
    unpaddedBytes,
    padmeBytes,
    extraBytes,
    paddedBytes,
    paddingBytes: paddedBytes - unpaddedBytes,
  };
}
