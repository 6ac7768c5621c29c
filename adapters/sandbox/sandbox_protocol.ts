/**
 * The messages between `runSandboxed` (parent) and `serveSandboxed` (worker), shared so both
 * sides agree. Everything crosses by structured clone: plain data, typed arrays, no functions,
 * no prototypes — a compromised parser can hand back only data, never behaviour.
 *
 * @module
 */

/** What the parent sends. */
export interface SandboxRequest<T> {
  readonly request: T;
  /** The commit gate's shared cell (`GATE_*` values), when the parent can cancel the work. */
  readonly gate?: Int32Array;
}

/**
 * States of a commit gate, one `Int32Array` cell over a `SharedArrayBuffer` that parent and
 * worker change only with `Atomics.compareExchange`, so exactly one of "the worker starts its
 * commit" and "the parent cancels" wins, whatever the timing (a stopped process, a signal).
 */
export const GATE_RUNNING = 0;
/** The worker entered its commit: it can no longer be cancelled and runs to the end. */
export const GATE_COMMITTING = 1;
/** The parent cancelled: the worker must not commit, and is terminated. */
export const GATE_CANCELLED = 2;

/** A fresh gate cell in the running state. */
export function newGate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** An error as it crosses back: `code` is set for a `PlicoError`. */
export interface SandboxFailure {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

/**
 * Sent by a worker as soon as its request arrives (its modules are loaded): the time limit on
 * the input counts from here, so a machine slow to start a worker is not taken for a hostile
 * input.
 */
export interface SandboxStarted {
  readonly started: true;
}

/** A progress report sent by a worker before its reply (bytes done, of total). */
export interface SandboxProgress {
  readonly progress: readonly [number, number];
}

/** What the worker answers, once. */
export type SandboxReply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SandboxFailure };

/** Every permission name Deno 2.9 knows; the sandbox grants none but scoped read/write. */
export const PERMISSION_NAMES = [
  "read",
  "write",
  "net",
  "env",
  "run",
  "ffi",
  "sys",
  "import",
] as const;
