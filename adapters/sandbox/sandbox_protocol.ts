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
}

/** An error as it crosses back: `code` is set for a `PlicoError`. */
export interface SandboxFailure {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

/** What the worker answers, once. */
/** A progress report sent by a worker before its reply (bytes done, of total). */
export interface SandboxProgress {
  readonly progress: readonly [number, number];
}

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
