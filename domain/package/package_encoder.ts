/**
 * The package writer (PROTOCOL-envelope §10): the preamble, then the attachment bytes that the
 * adapter streams from disk (counted here, so a file that changed size between `stat` and
 * reading is caught before anything is released), then the zero padding — Padmé plus a random
 * extra (§11), whose total length the preamble carries.
 *
 * @module
 */

import { concat, u32be, u64be, utf8 } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { EXTRA_PADDING_RANDOM_BYTES, extraPadding, padme } from "../padding.ts";
import type { RandomPort } from "../ports.ts";
import { checkSealLimits } from "./seal_limits.ts";
import {
  layoutFor,
  PACKAGE_FLAG_VIEW_ONLY,
  PACKAGE_PADDING_LENGTH_BYTES,
  PACKAGE_VERSION,
  PACKAGE_VERSION_WITH_FLAGS,
  type PackageLayout,
  type PackageManifest,
} from "./package_format.ts";

/** Largest piece of padding handed out at once, in bytes. */
const PADDING_PIECE_BYTES = 64 * 1024;

/** Writes one package in order: `preamble`, `data` per attachment, `padding()`. */
export interface PackageEncoder {
  readonly layout: PackageLayout;
  /** Version, text and every attachment entry. */
  readonly preamble: Uint8Array;
  /**
   * Bytes of attachment `index`, in order; returns `piece` unchanged. Refuses bytes beyond the
   * declared size, and a new attachment before the previous one is complete (`io`).
   */
  data(index: number, piece: Uint8Array): Uint8Array;
  /** The zero padding, in pieces of at most 64 KiB; refuses if attachment bytes are missing. */
  padding(): Generator<Uint8Array>;
}

/**
 * §10: the preamble bytes of `manifest` (limits checked first), without its final
 * `padding_length` field (which depends on the preamble's own length).
 */
export function encodePreamble(manifest: PackageManifest): Uint8Array {
  checkSealLimits(manifest);
  const text = utf8(manifest.text);
  const parts: Uint8Array[] = [
    // Version 0x02 unless a flag is set, so envelopes without options stay readable by every
    // v2 reader.
    manifest.viewOnly === true
      ? new Uint8Array([PACKAGE_VERSION_WITH_FLAGS, PACKAGE_FLAG_VIEW_ONLY])
      : new Uint8Array([PACKAGE_VERSION]),
    u32be(text.length),
    text,
    new Uint8Array([manifest.attachments.length >>> 8, manifest.attachments.length & 0xff]),
  ];
  for (const a of manifest.attachments) {
    const name = utf8(a.name);
    parts.push(new Uint8Array([name.length]), name);
    parts.push(new Uint8Array([a.mediaType.length]), utf8(a.mediaType), u64be(a.size));
  }
  return concat(...parts);
}

/**
 * A writer for `manifest`; `checkSealLimits` runs first, then 8 bytes are drawn from `random`
 * for the extra padding (PROTOCOL-envelope §11, §14).
 */
export function createPackageEncoder(
  manifest: PackageManifest,
  random: RandomPort,
): PackageEncoder {
  const head = encodePreamble(manifest);
  const sizes = manifest.attachments.map((a) => a.size);
  const attachmentBytes = sizes.reduce((sum, s) => sum + s, 0);
  const preambleBytes = head.length + PACKAGE_PADDING_LENGTH_BYTES;
  const r = random.randomBytes(EXTRA_PADDING_RANDOM_BYTES);
  const extra = extraPadding(padme(preambleBytes + attachmentBytes), r);
  r.fill(0);
  const layout = layoutFor(preambleBytes, attachmentBytes, extra);
  const preamble = concat(head, u64be(layout.paddingBytes));
  let current = 0;
  let written = 0;
  let failure: PlicoError | null = null;

  const fail = (message: string): never => {
    failure = new PlicoError("io", message);
    throw failure;
  };
  /** Moves past attachments that are complete (zero-size ones included). */
  const settle = () => {
    while (current < sizes.length && written === sizes[current]) {
      current++;
      written = 0;
    }
  };

  return {
    layout,
    preamble,
    data(index: number, piece: Uint8Array): Uint8Array {
      if (failure) throw failure;
      if (piece.length === 0) return piece;
      settle();
      if (index > current) {
        fail(`attachment ${current + 1} has fewer bytes than declared (its file changed)`);
      }
      if (index < current || written + piece.length > sizes[current]!) {
        fail(`attachment ${index + 1} has more bytes than declared (its file changed)`);
      }
      written += piece.length;
      return piece;
    },
    *padding(): Generator<Uint8Array> {
      if (failure) throw failure;
      settle();
      if (current < sizes.length) {
        fail(`attachment ${current + 1} has fewer bytes than declared (its file changed)`);
      }
      let left = layout.paddingBytes;
      while (left > 0) {
        const n = Math.min(left, PADDING_PIECE_BYTES);
        left -= n;
        yield new Uint8Array(n);
      }
    },
  };
}
