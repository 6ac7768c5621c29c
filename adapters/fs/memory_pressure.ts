/**
 * Bounded memory for streams of any size. Every chunk of a large file passes through freshly
 * allocated buffers (the native AEAD returns new ones); V8 collects such external buffers only
 * after about 64 MiB of them have piled up. When the runtime exposes `gc` (the shipped flags
 * include `--expose-gc`), a collection every few MiB keeps the peak close to the working set.
 *
 * @module
 */

/** Bytes streamed between two collections. */
const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
let sinceLast = 0;

/** Records `bytes` more of streaming; collects garbage when enough has passed. */
export function streamed(bytes: number): void {
  if (!gc) return;
  sinceLast += bytes;
  if (sinceLast >= COLLECT_EVERY_BYTES) {
    sinceLast = 0;
    gc();
  }
}
