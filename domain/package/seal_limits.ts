/**
 * Validation of package metadata (PROTOCOL-envelope §10), shared by the sealer (so a sender can
 * never produce a package the receiver refuses) and the decoder (field by field, as early as
 * possible). Structure faults are `input.malformed`; limits are `envelope.limit`.
 *
 * @module
 */

import { utf8 } from "../bytes.ts";
import { malformed, PlicoError } from "../errors.ts";
import {
  PACKAGE_ATTACHMENT_MAX_BYTES,
  PACKAGE_ATTACHMENTS_MAX,
  PACKAGE_CONTENT_MAX_BYTES,
  PACKAGE_MEDIA_TYPE_MAX_BYTES,
  PACKAGE_NAME_MAX_BYTES,
  PACKAGE_TEXT_MAX_BYTES,
} from "../limits.ts";
import { MEDIA_TYPE_MIN_BYTES, type PackageManifest } from "./package_format.ts";

/** RFC 9110 §5.6.2 `token "/" token`, ASCII only. */
const MEDIA_TYPE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `envelope.limit` with a message naming the limit. */
function limitError(message: string): PlicoError {
  return new PlicoError("envelope.limit", message);
}

/** Text length in bytes against `PACKAGE_TEXT_MAX_BYTES`. */
export function checkTextLength(bytes: number): void {
  if (bytes > PACKAGE_TEXT_MAX_BYTES) {
    throw limitError(`the message text is ${bytes} bytes; at most ${PACKAGE_TEXT_MAX_BYTES}`);
  }
}

/** Attachment count against `PACKAGE_ATTACHMENTS_MAX`. */
export function checkAttachmentCount(count: number): void {
  if (count > PACKAGE_ATTACHMENTS_MAX) {
    throw limitError(`${count} attachments; at most ${PACKAGE_ATTACHMENTS_MAX}`);
  }
}

/** Name length in UTF-8 bytes: 1 ..= `PACKAGE_NAME_MAX_BYTES`. */
export function checkNameLength(bytes: number): void {
  if (bytes === 0) throw malformed("package", "an attachment name is empty");
  if (bytes > PACKAGE_NAME_MAX_BYTES) {
    throw limitError(`an attachment name is ${bytes} bytes; at most ${PACKAGE_NAME_MAX_BYTES}`);
  }
}

/** Media type length: 3 ..= `PACKAGE_MEDIA_TYPE_MAX_BYTES`. */
export function checkMediaTypeLength(bytes: number): void {
  if (bytes < MEDIA_TYPE_MIN_BYTES || bytes > PACKAGE_MEDIA_TYPE_MAX_BYTES) {
    throw malformed(
      "package",
      `a media type must be ${MEDIA_TYPE_MIN_BYTES} to ${PACKAGE_MEDIA_TYPE_MAX_BYTES} bytes`,
    );
  }
}

/** True for an ASCII `token/token` media type of an allowed length. */
export function isValidMediaType(mediaType: string): boolean {
  return mediaType.length >= MEDIA_TYPE_MIN_BYTES &&
    mediaType.length <= PACKAGE_MEDIA_TYPE_MAX_BYTES && MEDIA_TYPE.test(mediaType);
}

/**
 * One attachment size, and the running content total `text + sizes so far` (both in bytes),
 * against the per-file and total limits.
 */
export function checkSize(size: number, contentSoFar: number): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw malformed("package", "an attachment size is invalid");
  }
  if (size > PACKAGE_ATTACHMENT_MAX_BYTES) {
    throw limitError(`an attachment is ${size} bytes; at most ${PACKAGE_ATTACHMENT_MAX_BYTES}`);
  }
  if (contentSoFar + size > PACKAGE_CONTENT_MAX_BYTES) {
    throw limitError(
      `text and attachments exceed ${PACKAGE_CONTENT_MAX_BYTES} bytes in one envelope`,
    );
  }
}

/**
 * §10 at seal time: every rule the decoder applies, on the metadata the sender is about to
 * seal. Strings must be well-formed Unicode (no lone surrogates, which UTF-8 cannot carry).
 */
export function checkSealLimits(manifest: PackageManifest): void {
  if (!manifest.text.isWellFormed()) {
    throw malformed("package", "the text has an unpaired surrogate");
  }
  const textBytes = utf8(manifest.text).length;
  checkTextLength(textBytes);
  checkAttachmentCount(manifest.attachments.length);
  let content = textBytes;
  for (const a of manifest.attachments) {
    if (!a.name.isWellFormed()) {
      throw malformed("package", "an attachment name has an unpaired surrogate");
    }
    checkNameLength(utf8(a.name).length);
    if (!isValidMediaType(a.mediaType)) {
      throw malformed(
        "package",
        `"${a.mediaType.slice(0, 40)}" is not a media type like text/plain`,
      );
    }
    checkSize(a.size, content);
    content += a.size;
  }
}
