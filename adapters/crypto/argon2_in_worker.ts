/**
 * Argon2id in a short-lived Worker (see `argon2_worker.ts` for why). The worker inherits the
 * process's permissions, which by then hold no network and no more than the command needs; it
 * is terminated as soon as the tag arrives, releasing its memory.
 *
 * @module
 */

import { ERROR_CODES, type ErrorCode, PlicoError } from "../../domain/errors.ts";
import type { Argon2idInput } from "./argon2.ts";
import type { Argon2Reply } from "./argon2_worker.ts";

/** Entry module of the worker; `deno compile` must `--include` it (scripts/build.ts does). */
const ARGON2_WORKER_URL = new URL("./argon2_worker.ts", import.meta.url).href;

/** The Argon2id tag of `input`, computed in a worker that is terminated afterwards. */
export function argon2idInWorker(input: Argon2idInput): Promise<Uint8Array> {
  const worker = new Worker(ARGON2_WORKER_URL, { type: "module" });
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<Argon2Reply>) => {
      const reply = event.data;
      if (reply.ok) resolve(reply.tag);
      else {
        const code = (ERROR_CODES as readonly string[]).includes(reply.code)
          ? reply.code as ErrorCode
          : "internal";
        reject(new PlicoError(code, reply.message));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new PlicoError("internal", "the key derivation worker failed"));
    };
    // The password is copied into the worker; the caller still owns and wipes its own buffer.
    worker.postMessage({ ...input, password: input.password.slice() });
  }).finally(() => worker.terminate());
}
