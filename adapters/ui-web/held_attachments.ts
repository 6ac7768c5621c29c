/**
 * The message last opened in a UI session — its reply to the page and its attachments — held in
 * server memory until the user closes the message, opens another one, or the profile locks.
 * The reply is kept because the envelope is burned before the page sees it: a tab closed (or a
 * connection lost) after the commit must not lose the message, so a page that comes back asks
 * for it again (`envelopes/current`). Nothing is ever written to disk by Plico. `clear()`
 * overwrites the bytes before dropping them. Each attachment gets a random id, so an id from an
 * earlier message never names a new one.
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

  /** The opened message's reply as UTF-8 JSON (bytes, so that `clear()` can overwrite it). */
  #message: Uint8Array | null = null;

  /** Holds the reply the page got (or should have got) for the opened message. */
  keepMessage(reply: unknown): void {
    this.#message?.fill(0);
    this.#message = new TextEncoder().encode(JSON.stringify(reply));
  }

  /** The held reply, or null when no opened message is held. */
  message(): unknown {
    return this.#message === null ? null : JSON.parse(new TextDecoder().decode(this.#message));
  }

  /** Overwrites and drops everything held. */
  clear(): void {
    for (const item of this.#items.values()) item.bytes.fill(0);
    this.#items.clear();
    this.#order = [];
    this.#message?.fill(0);
    this.#message = null;
  }
}
