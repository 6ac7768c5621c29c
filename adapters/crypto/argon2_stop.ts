/**
 * The stop cell of one Argon2id evaluation: an `Int32Array` over a `SharedArrayBuffer` that the
 * caller and both workers see, non-zero once any of them gave up. A thread waiting for its
 * partner looks at it every few milliseconds (`argon2_lanes.ts`): a worker blocked in
 * `Atomics.wait` cannot be terminated, so without it a failed partner, or a caller that stopped
 * waiting, would leave the other thread blocked for the life of the process, holding the memory
 * derived from the passphrase. Kept apart so the main thread need not load the KDF itself.
 *
 * @module
 */

/** See the module comment. */
export type StopCell = Int32Array;

/** A fresh stop cell. */
export function stopCell(): StopCell {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Marks the evaluation as given up. */
export function requestStop(stop: StopCell): void {
  Atomics.store(stop, 0, 1);
}

/** Whether any party gave up. */
export function stopRequested(stop: StopCell): boolean {
  return Atomics.load(stop, 0) !== 0;
}

/** `stop`, when it is a stop cell (a message may carry anything). */
export function asStopCell(stop: unknown): StopCell | null {
  return stop instanceof Int32Array && stop.buffer instanceof SharedArrayBuffer &&
      stop.length >= 1
    ? stop
    : null;
}
