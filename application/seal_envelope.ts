/**
 * Use case: seal a message with attachments to a session (PROTOCOL-envelope §9, DESIGN §3). The
 * limits are checked first; the ratchet advance is committed before a single envelope byte is
 * written (a failed write then only skips a message number, which the peer's window absorbs);
 * attachments stream from their sources through the package encoder and the chunked AEAD into
 * the sink, so memory stays bounded for any size.
 *
 * @module
 */

import { discard, wipe } from "../domain/bytes.ts";
import { createBodyWriter, sealEnvelopeHeader } from "../domain/envelope/mod.ts";
import { createPackageEncoder } from "../domain/package/mod.ts";
import { decodeRatchetState, encodeRatchetState, wipeRatchetState } from "../domain/ratchet/mod.ts";
import type { Deps } from "./deps.ts";
import type { ByteSink, ByteSource, Progress } from "./ports.ts";
import { housekeepingDueAt } from "./expired_key_purge.ts";
import { readAhead, readBuffers, wipeReadBuffers } from "./read_ahead.ts";
import { findSession, updateSession } from "./session_record.ts";
import { requireUsable } from "./session_rules.ts";
import type { UnlockedProfile } from "./unlocked_profile.ts";

/** One attachment to seal: metadata now, bytes streamed later. */
export interface AttachmentInput {
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  open(): Promise<ByteSource>;
}

/** What to seal. */
export interface SealRequest {
  readonly to: string;
  readonly text: string;
  readonly attachments: readonly AttachmentInput[];
  /** First instant (ms) at which the envelope is refused, or null. */
  readonly expiresAt: number | null;
  /** The sender asks that attachments be shown, not saved (a courtesy, PROTOCOL-envelope §10). */
  readonly viewOnly?: boolean;
}

/** What was sealed. */
export interface SealResult {
  readonly label: string;
  /** Envelope size in bytes. */
  readonly bytes: number;
  /** True when this envelope started a new sending chain (a DH + ML-KEM ratchet step). */
  readonly kemStep: boolean;
}

/** Seals `request` into `sink` (committed on success, aborted on failure). */
export async function sealEnvelope(
  deps: Deps,
  profile: UnlockedProfile,
  request: SealRequest,
  sink: ByteSink,
  progress?: Progress,
): Promise<SealResult> {
  const { crypto, random, clock } = deps;
  const { vault } = profile;
  let messageKey: Uint8Array | undefined;
  try {
    // Limits first: nothing changes for an envelope the peer would have to refuse.
    const encoder = createPackageEncoder({
      text: request.text,
      attachments: request.attachments.map(({ name, mediaType, size }) => ({
        name,
        mediaType,
        size,
      })),
      viewOnly: request.viewOnly === true,
    }, random);
    const now = clock.now();
    const sealed = vault.transaction(() => {
      const row = findSession(vault, request.to);
      const state = (() => {
        try {
          requireUsable(row, now);
          return decodeRatchetState(crypto, row.keys);
        } finally {
          wipe(row.keys); // decoded or refused: the plaintext copy is not needed any more
        }
      })();
      try {
        const out = sealEnvelopeHeader(crypto, random, state, {
          createdAt: now,
          expiresAt: request.expiresAt,
        });
        const keys = encodeRatchetState(out.state);
        updateSession(vault, { ...row, keys }, housekeepingDueAt(out.state));
        wipe(keys);
        wipeRatchetState(out.state);
        return {
          label: row.label,
          header: out.header,
          messageKey: out.messageKey,
          kemStep: out.kemStep,
        };
      } finally {
        wipeRatchetState(state);
      }
    });
    vault.purgeHistory();
    messageKey = sealed.messageKey;

    const total = encoder.layout.paddedBytes;
    let done = 0;
    let written = 0;
    const writer = createBodyWriter(crypto, messageKey, sealed.header);
    const put = async (chunks: Uint8Array[]) => {
      for (const c of chunks) {
        await sink.write(c);
        written += c.length;
        discard(c); // the sink keeps no reference: free it now, not at the next collection
      }
    };
    const feed = async (piece: Uint8Array) => {
      await put(writer.push(piece));
      done += piece.length;
      progress?.(done, total);
    };
    await sink.write(sealed.header);
    written += sealed.header.length;
    await feed(encoder.preamble);
    // Two read buffers: the next piece is read while this one is sealed and written.
    const buffers = readBuffers();
    try {
      for (const [index, attachment] of request.attachments.entries()) {
        const source = await attachment.open();
        try {
          await readAhead(source, buffers, (piece) => feed(encoder.data(index, piece)));
        } finally {
          source.close();
        }
      }
    } finally {
      wipeReadBuffers(buffers);
    }
    for (const piece of encoder.padding()) await feed(piece);
    await put(writer.finish());
    await sink.commit();
    return { label: sealed.label, bytes: written, kemStep: sealed.kemStep };
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    wipe(messageKey);
  }
}
