/**
 * Whole packages in memory (PROTOCOL-envelope §10): for small messages, tests and vectors. They
 * run the streaming encoder and decoder, so both paths apply the same rules.
 *
 * @module
 */

import { concat } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import type { RandomPort } from "../ports.ts";
import { createPackageDecoder } from "./package_decoder.ts";
import { createPackageEncoder } from "./package_encoder.ts";

/** An attachment with its bytes. */
export interface Attachment {
  readonly name: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** A message: text and attachments. */
export interface PackageContent {
  readonly text: string;
  readonly attachments: readonly Attachment[];
  /** The sender's "view only" (§10 flag bit 0); decoded only when set. */
  readonly viewOnly?: boolean;
}

/** The padded package of `content` (limits checked first; `random` picks the extra padding). */
export function encodePackage(content: PackageContent, random: RandomPort): Uint8Array {
  const encoder = createPackageEncoder({
    text: content.text,
    attachments: content.attachments.map((a) => ({
      name: a.name,
      mediaType: a.mediaType,
      size: a.bytes.length,
    })),
    viewOnly: content.viewOnly === true,
  }, random);
  const parts = [encoder.preamble];
  content.attachments.forEach((a, i) => parts.push(encoder.data(i, a.bytes)));
  parts.push(...encoder.padding());
  return concat(...parts);
}

/** Decodes a complete padded package; every rule of the streaming decoder applies. */
export function decodePackage(bytes: Uint8Array): PackageContent {
  const decoder = createPackageDecoder();
  const events = [...decoder.push(bytes), ...decoder.finish()];
  let text: string | null = null;
  let viewOnly = false;
  const attachments: { name: string; mediaType: string; parts: Uint8Array[] }[] = [];
  for (const event of events) {
    if (event.type === "text") ({ text, viewOnly } = event);
    if (event.type === "attachment_start") {
      attachments.push({ name: event.meta.name, mediaType: event.meta.mediaType, parts: [] });
    }
    if (event.type === "data") attachments[event.index]!.parts.push(event.bytes);
  }
  if (text === null) throw new PlicoError("internal", "package decoder produced no text");
  return {
    text,
    attachments: attachments.map((a) => ({
      name: a.name,
      mediaType: a.mediaType,
      bytes: concat(...a.parts),
    })),
    ...(viewOnly ? { viewOnly: true } : {}),
  };
}
