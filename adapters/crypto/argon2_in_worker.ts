/**
 * Argon2id in short-lived workers (see `argon2_worker.ts` for why): a lead, and a helper that
 * fills half of the lanes at the same time when there are two lanes or more and two cores
 * (Plico's default p = 4; 0.08 s less per unlock on two cores, docs/PERFORMANCE.md). Both start
 * together and are terminated as soon as the call settles, releasing their memory (a worker
 * still waiting for its partner then gives up within 50 ms, see `StopCell`). The workers
 * inherit the process's permissions, which by then hold no network and no more than the command
 * needs.
 *
 * @module
 */

import { ERROR_CODES, type ErrorCode, isPlicoError, PlicoError } from "../../domain/errors.ts";
import { startWorker } from "../start_worker.ts";
import type { Argon2idInput } from "./argon2.ts";
import { requestStop, type StopCell, stopCell } from "./argon2_stop.ts";
import type { Argon2HelperRequest, Argon2Reply, Argon2Request } from "./argon2_worker.ts";

/** Entry module of the workers; `deno compile` must `--include` it (scripts/build.ts does). */
const ARGON2_WORKER_URL = new URL("./argon2_worker.ts", import.meta.url).href;

/** Whether a helper worker is worth starting for `input`. */
function wantsHelper(input: Argon2idInput): boolean {
  return input.params.parallelism >= 2 && (navigator.hardwareConcurrency ?? 1) >= 2;
}

/**
 * A helper worker, or null when the system allows no more threads: the lead then fills every
 * lane alone (the same tag, in about twice the time) rather than failing the unlock.
 */
function helperOrNone(): Worker | null {
  try {
    return startWorker(ARGON2_WORKER_URL, { type: "module" }, "the key derivation");
  } catch (e) {
    if (isPlicoError(e, "io")) return null;
    throw e;
  }
}

/**
 * Posts `input` to a lead worker, with the port to its helper when there is one. The password
 * is copied and the copy moved into the worker, which wipes it; the caller still owns and wipes
 * its own buffer.
 */
export function sendRequest(
  lead: Worker,
  input: Argon2idInput,
  stop: StopCell,
  port: MessagePort | null,
): void {
  const password = input.password.slice();
  const request: Argon2Request = { ...input, password, stop, helped: port !== null };
  // (Anything but bytes is refused by the worker, with the same error as everywhere else.)
  const moved = password instanceof Uint8Array ? [password.buffer as ArrayBuffer] : [];
  // The port goes first: Deno 2.9 delivers no port (an empty `event.ports`) when it follows an
  // ArrayBuffer in the transfer list. The lead refuses a `helped` request that came without
  // one, so this can never quietly turn into one thread.
  lead.postMessage(request, port === null ? moved : [port, ...moved]);
}

/** The Argon2id tag of `input`, computed in workers that are terminated afterwards. */
export function argon2idInWorker(input: Argon2idInput): Promise<Uint8Array> {
  const lead = startWorker(ARGON2_WORKER_URL, { type: "module" }, "the key derivation");
  const helper = wantsHelper(input) ? helperOrNone() : null;
  // Set when this call settles: a worker still waiting for its partner gives up instead of
  // blocking (terminate cannot end a thread blocked in Atomics.wait).
  const stop = stopCell();
  return new Promise<Uint8Array>((resolve, reject) => {
    const onReply = (event: MessageEvent<Argon2Reply>) => {
      const reply = event.data;
      if (reply.ok) resolve(reply.tag);
      else {
        const code = (ERROR_CODES as readonly string[]).includes(reply.code)
          ? reply.code as ErrorCode
          : "internal";
        reject(new PlicoError(code, reply.message));
      }
    };
    const onError = (event: ErrorEvent) => {
      event.preventDefault();
      reject(new PlicoError("internal", "the key derivation worker failed"));
    };
    lead.onmessage = onReply;
    lead.onerror = onError;
    if (helper === null) {
      sendRequest(lead, input, stop, null);
      return;
    }
    // A helper only ever answers to say it failed; the lead waits for it at every slice.
    helper.onmessage = onReply;
    helper.onerror = onError;
    const channel = new MessageChannel();
    helper.postMessage({ helper: true } satisfies Argon2HelperRequest, [channel.port2]);
    sendRequest(lead, input, stop, channel.port1);
  }).finally(() => {
    requestStop(stop);
    lead.terminate();
    helper?.terminate();
  });
}
