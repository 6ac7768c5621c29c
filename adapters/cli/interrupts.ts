/**
 * SIGINT/SIGTERM while a command works. Without a listener the process ends at once; with one,
 * the command can settle what it started (an unlock attempt is settled as abandoned, an open
 * before its commit cleans up) and say so. Listeners are removed afterwards, which gives the
 * signals their default action back (unless `uncut` ran: then they end the process at the next
 * turn of the event loop).
 *
 * @module
 */

/** The signals that interrupt a command (Windows has only SIGINT and SIGBREAK). */
export function interruptSignals(): Deno.Signal[] {
  return Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
}

/** How many `whileInterruptible` calls are running (their listeners are installed). */
let regions = 0;

/** What a process ended by `signal` reports (128 + its number), as the default action would. */
function signalExitCode(signal: Deno.Signal): number {
  return signal === "SIGTERM" ? 143 : 130;
}

/** Whether `uncut` installed its listeners (they stay until the process ends). */
let holding = false;

/**
 * From now on, SIGINT and SIGTERM outside `whileInterruptible` end the process at the next turn
 * of the event loop (exit 130, or 143 for SIGTERM, saying "plico: interrupted") instead of at
 * once, wherever it is. These listeners are never removed: Deno drops a signal that arrived
 * while a listener was installed but was removed before its turn came (seen under load).
 */
function holdInterrupts(): void {
  if (holding) return;
  holding = true;
  for (const s of interruptSignals()) {
    Deno.addSignalListener(s, () => {
      if (regions > 0) return; // a command's own listeners handle it
      try {
        Deno.stderr.writeSync(new TextEncoder().encode("\nplico: interrupted\n"));
      } catch { /* standard error is gone; the exit status says it */ }
      Deno.exit(signalExitCode(s));
    });
  }
}

/**
 * Runs `step`, a synchronous step that leaves a file behind only while it runs (a probe that is
 * created, written and removed), so that SIGINT or SIGTERM cannot end the process in its middle.
 * Without a listener a signal ends the process at once, wherever it is: a probe cut there stayed
 * behind in the user's directory (found by the crash smoke test under load). With the listeners
 * of `holdInterrupts`, a signal that comes during the step ends the process right after it.
 */
export function uncut<T>(step: () => T): T {
  holdInterrupts();
  return step();
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
  regions++;
  try {
    return await fn(controller.signal);
  } finally {
    regions--;
    for (const s of signals) Deno.removeSignalListener(s, listener);
  }
}
