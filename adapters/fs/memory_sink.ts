/**
 * A `ByteSink` that collects an envelope in memory, for the armored form (which must see the
 * whole envelope before it can be written). Bounded: writing past `limit` bytes is refused.
 *
 * @module
 */

import type { ByteSink } from "../../application/ports.ts";
import { concat } from "../../domain/bytes.ts";
import { PlicoError } from "../../domain/errors.ts";

/** A bounded in-memory sink; `bytes()` returns everything written. */
export function memorySink(limit: number): ByteSink & { bytes(): Uint8Array } {
  const parts: Uint8Array[] = [];
  let size = 0;
  return {
    write(b) {
      size += b.length;
      if (size > limit) {
        return Promise.reject(
          new PlicoError("input.too_large", `too large for armor (at most ${limit} bytes)`),
        );
      }
      parts.push(b.slice());
      return Promise.resolve();
    },
    commit: () => Promise.resolve(),
    abort: () => {
      parts.length = 0;
      return Promise.resolve();
    },
    bytes: () => concat(...parts),
  };
}
