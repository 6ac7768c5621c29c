/**
 * Input helpers shared by the fuzz targets: envelopes handed to `openEnvelope` in pieces of a
 * random size (the streaming reader must not care where a read ends), and attachments from
 * memory.
 *
 * @module
 */

import type { ByteSource, Rereadable } from "../../application/ports.ts";
import type { Rng } from "./prng.ts";

/** `bytes` as rereadable input whose reads return between 1 and `most` bytes. */
export function choppedInput(bytes: Uint8Array, rng: Rng, most = 200_000): Rereadable {
  const piece = rng.chance(0.2) ? rng.between(1, 4096) : rng.between(4096, most);
  return {
    size: bytes.length,
    open(): Promise<ByteSource> {
      let at = 0;
      return Promise.resolve({
        read(into: Uint8Array) {
          if (at >= bytes.length) return Promise.resolve(null);
          const n = Math.min(into.length, piece, bytes.length - at);
          into.set(bytes.subarray(at, at + n));
          at += n;
          return Promise.resolve(n);
        },
        close() {},
      });
    },
  };
}

/** True when both byte strings are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
