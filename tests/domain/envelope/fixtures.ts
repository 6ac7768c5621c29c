/**
 * Shared setup of the envelope tests: sessions from the ratchet fixtures, and helpers that seal
 * a package into an envelope and open it again with a fixed clock.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  type OpenedEnvelope,
  openEnvelope,
  type SealedEnvelope,
  sealEnvelope,
} from "../../../domain/envelope/envelope_bytes.ts";
import {
  decodePackage,
  encodePackage,
  type PackageContent,
} from "../../../domain/package/package_bytes.ts";
import { crypto, type Party, T0 } from "../ratchet/fixtures.ts";

export { crypto, pair, type Party, T0 } from "../ratchet/fixtures.ts";

/** A small message with one attachment. */
export function content(text: string, attachment = "hello"): PackageContent {
  return {
    text,
    attachments: [{
      name: "note.txt",
      mediaType: "text/plain",
      bytes: new TextEncoder().encode(attachment),
    }],
  };
}

/** `from` seals `message` at `now` and commits its state. */
export function sealFrom(
  from: Party,
  message: PackageContent,
  now = T0,
  expiresAt: number | null = null,
): SealedEnvelope {
  const sealed = sealEnvelope(
    crypto,
    from.random,
    from.state,
    { createdAt: now, expiresAt },
    encodePackage(message, from.random),
  );
  from.state = sealed.state;
  return sealed;
}

/** `to` opens `envelope`, asserts success, commits, and returns the package and info. */
export function openAt(
  to: Party,
  envelope: Uint8Array,
  now = T0,
): { opened: OpenedEnvelope; message: PackageContent } {
  const opened = openEnvelope(crypto, to.state, envelope, now);
  assert.equal(opened.kind, "ok");
  const ok = opened as OpenedEnvelope;
  to.state = ok.state;
  return { opened: ok, message: decodePackage(ok.body) };
}
