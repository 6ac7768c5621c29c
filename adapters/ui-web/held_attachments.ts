/**
 * Attachments of the message last opened in a UI session, held in server memory until the user
 * saves them (a download), closes the message, opens another one, or the profile locks. They
 * are never written to disk by Plico. `clear()` overwrites the bytes before dropping them.
 * Each attachment gets a random id, so an id from an earlier message never names a new one.
 *
 * @module
 */

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
  /** Ids in the order the envelope listed them (the order the open reports). */
  #order: string[] = [];

  constructor(random: RandomPort) {
    this.#random = random;
  }

  /**
   * Holds attachments opened elsewhere (the sandbox worker's, already published), replacing
   * whatever was held; returns their ids in the same order.
   */
  keep(files: readonly { name: string; mediaType: string; bytes: Uint8Array }[]): string[] {
    this.clear();
    for (const f of files) {
      const id = newSecret(this.#random, ID_BYTES);
      this.#order.push(id);
      this.#items.set(id, { id, name: f.name, mediaType: f.mediaType, bytes: f.bytes });
    }
    return [...this.#order];
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
    this.#items.clear();
    this.#order = [];
  }
}
