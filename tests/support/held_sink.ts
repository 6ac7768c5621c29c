/**
 * Holds a seal in the middle of its body, so a test can act (poll progress, cancel) while the
 * seal is certainly running — without racing it. It wraps the real file sink (`newFileSink`):
 * every byte still goes to a real temporary file; only the timing is held.
 *
 * @module
 */

import type { ByteSink } from "../../application/ports.ts";
import { newFileSink } from "../../adapters/fs/new_file_sink.ts";

/** A sink factory whose first sink, once `atBytes` were written, waits until `release()`. */
export interface HeldSeal {
  /** For `UiServices.sealSink`. */
  sealSink(path: string): Promise<ByteSink>;
  /** Resolves once the first sink is waiting. */
  readonly reached: Promise<void>;
  release(): void;
}

/**
 * Holds the first seal at its first write after `atBytes` bytes (counted in bytes, not writes,
 * so it does not depend on how the seal sizes its writes); later seals run freely.
 */
export function holdSealAt(atBytes: number): HeldSeal {
  const reached = Promise.withResolvers<void>();
  const released = Promise.withResolvers<void>();
  let sinks = 0;
  return {
    reached: reached.promise,
    release: () => released.resolve(),
    async sealSink(path) {
      const real = await newFileSink(path);
      if (++sinks > 1) return real;
      let written = 0;
      let holding = true;
      return {
        async write(bytes) {
          if (holding && written >= atBytes) {
            holding = false;
            reached.resolve();
            await released.promise;
          }
          written += bytes.length;
          await real.write(bytes);
        },
        commit: () => real.commit(),
        abort: () => real.abort(),
      };
    },
  };
}
