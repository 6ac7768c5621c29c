/**
 * Attachments of the message last opened in a UI session, held in server memory until the user
 * saves them (a download), closes the message, opens another one, or the profile locks. They
 * are never written to disk by Plico. `clear()` overwrites the bytes before dropping them.
 * Each attachment gets a random id, so an id from an earlier message never names a new one.
 *
 * @module
 */

import type { AttachmentTarget } from "../../application/open_envelope.ts";
import type { ByteSink } from "../../application/ports.ts";
import { PlicoError } from "../../domain/errors.ts";
import type { AttachmentMeta } from "../../domain/package/mod.ts";
import type { RandomPort } from "../../domain/ports.ts";
import { newSecret } from "./secret_token.ts";

/** Random bytes of an attachment id. */
const ID_BYTES = 16;

/** One complete attachment. */
export interface HeldAttachment {
  readonly id: string;
  /** The sanitised name (`safeOutputName`), used for the download. */
  readonly name: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** The attachments of one opened message. */
export class HeldAttachments {
  readonly #random: RandomPort;
  readonly #items = new Map<string, HeldAttachment>();
  /** Ids in the order the envelope listed them (the order `openEnvelope` reports). */
  #order: string[] = [];
  #parts: Uint8Array[][] = [];

  constructor(random: RandomPort) {
    this.#random = random;
  }

  /**
   * A target for `openEnvelope` that keeps at most `limit` bytes in total (the envelope's size
   * bounds its content, so a caller that checked the envelope against `limit` never hits it).
   */
  target(limit: number): AttachmentTarget {
    this.clear();
    let total = 0;
    return {
      create: (safeName: string, meta: AttachmentMeta) => {
        const id = newSecret(this.#random, ID_BYTES);
        const parts: Uint8Array[] = [];
        this.#order.push(id);
        this.#parts.push(parts);
        let size = 0;
        const sink: ByteSink = {
          write: (bytes) => {
            total += bytes.length;
            if (total > limit) {
              return Promise.reject(
                new PlicoError("envelope.limit", "the attachments are too large to hold"),
              );
            }
            // The opener wipes its buffers after each event: keep a copy.
            parts.push(bytes.slice());
            size += bytes.length;
            return Promise.resolve();
          },
          commit: () => {
            const bytes = new Uint8Array(size);
            let at = 0;
            for (const p of parts) {
              bytes.set(p, at);
              at += p.length;
              p.fill(0);
            }
            parts.length = 0;
            this.#items.set(id, { id, name: safeName, mediaType: meta.mediaType, bytes });
            return Promise.resolve();
          },
          abort: () => {
            for (const p of parts) p.fill(0);
            parts.length = 0;
            return Promise.resolve();
          },
        };
        return Promise.resolve({ sink, name: safeName });
      },
    };
  }

  /** Ids of the held attachments, in envelope order (for the reply to the page). */
  ids(): readonly string[] {
    return [...this.#order];
  }

  /** The attachment with this id, or null. */
  get(id: string): HeldAttachment | null {
    return this.#items.get(id) ?? null;
  }

  /** Overwrites and drops everything held. */
  clear(): void {
    for (const item of this.#items.values()) item.bytes.fill(0);
    for (const parts of this.#parts) for (const p of parts) p.fill(0);
    this.#items.clear();
    this.#order = [];
    this.#parts = [];
  }
}
