/**
 * SIGINT/SIGTERM while a command works. Without a listener the process ends at once; with one,
 * the command can settle what it started (an unlock attempt is settled as abandoned, an open
 * before its commit cleans up) and say so. Listeners are removed afterwards, which gives the
 * signals their default action back.
 *
 * @module
 */

/** The signals that interrupt a command (Windows has only SIGINT and SIGBREAK). */
export function interruptSignals(): Deno.Signal[] {
  return Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
}

/**
 * Runs `fn` with a signal that aborts on SIGINT or SIGTERM. `onSignal` may decide instead
 * (return false to ignore this signal: the work cannot be stopped any more).
 */
export async function whileInterruptible<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  onSignal: () => boolean = () => true,
): Promise<T> {
  const controller = new AbortController();
  const listener = () => {
    if (onSignal()) controller.abort();
  };
  const signals = interruptSignals();
  for (const s of signals) Deno.addSignalListener(s, listener);
  try {
    return await fn(controller.signal);
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, listener);
  }
}
