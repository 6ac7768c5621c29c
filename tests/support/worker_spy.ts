/**
 * Records the workers started while `work` runs: module file name and the exact `deno`
 * permissions asked for. The workers themselves start unchanged (a spy, not a stand-in), so
 * the real sandbox still runs. Only for the test module's own isolate; restores `Worker` after.
 *
 * @module
 */

/** One worker start. */
export interface StartedWorker {
  readonly module: string;
  /** The permissions asked for, or "inherit" when none were given. */
  readonly permissions: unknown;
}

/** Runs `work` and returns its outcome with the workers it started, in order. */
export async function withWorkerSpy<T>(
  work: () => Promise<T>,
): Promise<{ result: T | undefined; error: unknown; workers: StartedWorker[] }> {
  const workers: StartedWorker[] = [];
  const Real = globalThis.Worker;
  globalThis.Worker = class extends Real {
    constructor(specifier: string | URL, options?: WorkerOptions) {
      workers.push({
        module: String(specifier).split("/").at(-1) ?? "",
        permissions: (options as { deno?: { permissions?: unknown } } | undefined)?.deno
          ?.permissions ?? "inherit",
      });
      super(specifier, options);
    }
  };
  try {
    return { result: await work(), error: undefined, workers };
  } catch (error) {
    return { result: undefined, error, workers };
  } finally {
    globalThis.Worker = Real;
  }
}

/** Permissions of a sandbox worker that may touch nothing but the bytes it is sent. */
export const NO_GRANTS = {
  read: false,
  write: false,
  net: false,
  env: false,
  run: false,
  ffi: false,
  sys: false,
  import: false,
} as const;
