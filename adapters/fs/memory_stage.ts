/**
 * Attachments of an open kept in memory instead of a directory (the UI's open: the browser
 * downloads them later). Nothing is published before the commit. Each attachment gets one
 * buffer of its declared size (checked against the total `limit` before it is allocated), so
 * memory stays at one copy of the content.
 *
 * @module
 */

import type { AttachmentStage } from "../../application/ports.ts";
import { PlicoError } from "../../domain/errors.ts";

/** One attachment kept in memory, by its sanitised name. */
export interface KeptAttachment {
  readonly name: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

function tooLarge(): PlicoError {
  return new PlicoError("envelope.limit", "the attachments are too large to hold");
}

/** A stage keeping at most `limit` bytes in total; `published()` lists them after publish. */
export function memoryStage(
  limit: number,
): AttachmentStage & { published(): readonly KeptAttachment[] } {
  let total = 0;
  const staged: KeptAttachment[] = [];
  let done: readonly KeptAttachment[] = [];
  return {
    stage(name, meta) {
      if (!Number.isSafeInteger(meta.size) || meta.size < 0 || total + meta.size > limit) {
        return Promise.reject(tooLarge());
      }
      total += meta.size;
      const bytes = new Uint8Array(meta.size);
      staged.push({ name, mediaType: meta.mediaType, bytes });
      let at = 0;
      return Promise.resolve({
        write(chunk: Uint8Array) {
          // The package decoder holds each attachment to its declared size; checked again here.
          if (at + chunk.length > bytes.length) return Promise.reject(tooLarge());
          bytes.set(chunk, at);
          at += chunk.length;
          return Promise.resolve();
        },
        finish: () => Promise.resolve(),
      });
    },
    reserve: () => staged.map((s) => s.name),
    publish() {
      done = staged.slice();
      return Promise.resolve(done.map(() => null));
    },
    discard() {
      for (const s of staged) s.bytes.fill(0);
      staged.length = 0;
      return Promise.resolve();
    },
    published: () => done,
  };
}
