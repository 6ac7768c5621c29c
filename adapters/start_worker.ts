/**
 * Starting a worker thread (the sandbox's, Argon2id's), with the one way it fails that is the
 * machine's doing rather than Plico's: the system (or a container's PID limit) allows no more
 * threads. Deno reports that as a bare `WouldBlock` ("Resource temporarily unavailable", EAGAIN
 * from the thread's creation), which would otherwise reach the user as "internal error … a bug
 * in Plico".
 *
 * @module
 */

import { PlicoError } from "../domain/errors.ts";

/** A new worker running `url`; an `io` error naming `purpose` when no thread can be started. */
export function startWorker(url: string | URL, options: WorkerOptions, purpose: string): Worker {
  try {
    return new Worker(url, options);
  } catch (e) {
    if (!(e instanceof Deno.errors.WouldBlock)) throw e;
    throw new PlicoError(
      "io",
      `could not start a thread for ${purpose}: the system's limit on threads or processes ` +
        "is reached; close some programs (or raise the limit), then run the command again",
      { cause: e },
    );
  }
}
