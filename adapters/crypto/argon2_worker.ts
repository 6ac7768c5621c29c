/**
 * Worker entry for `argon2_in_worker.ts`: computes Argon2id tags. Running the KDF in workers
 * lets the caller terminate them afterwards, which releases the tens of MiB of WebAssembly
 * memory Argon2id needs — a WebAssembly memory can grow but never shrink, so in the main thread
 * it would stay allocated for the life of the process (and count against the memory bound of
 * sealing and opening large files).
 *
 * A worker is a *lead* (it gets the request, seeds the lanes, fills its share, computes the tag)
 * or a *helper* (it gets the lead's memory through a `MessagePort` and fills the other lanes).
 * A lead without a helper port fills every lane itself.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import { type Argon2idInput, argon2idShared } from "./argon2.ts";
import { type Argon2Shape, fillLanes, giveUp, wipeMemory } from "./argon2_lanes.ts";
import { asStopCell, type StopCell } from "./argon2_stop.ts";

/**
 * Message to a lead worker; `stop` is the caller's stop cell (`argon2_stop.ts`), set when the
 * caller stops waiting; `helped` says that the port to a helper is transferred with it.
 */
export type Argon2Request = Argon2idInput & {
  readonly stop?: StopCell;
  readonly helped?: boolean;
};

/** Message to a helper worker: the port on which its lead sends the memory. */
export interface Argon2HelperRequest {
  readonly helper: true;
}

/** What a lead sends its helper. */
export interface Argon2Share {
  readonly memory: WebAssembly.Memory;
  readonly shape: Argon2Shape;
  readonly stop: StopCell;
}

/** Message from a worker (a helper sends one only when it failed). */
export type Argon2Reply =
  | { readonly ok: true; readonly tag: Uint8Array }
  | { readonly ok: false; readonly code: string; readonly message: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Argon2Request | Argon2HelperRequest>) => void) | null;
  postMessage(reply: Argon2Reply): void;
};

function failure(e: unknown): Argon2Reply {
  const code = (e as { code?: unknown }).code;
  return {
    ok: false,
    code: typeof code === "string" ? code : "internal",
    message: e instanceof Error ? e.message : String(e),
  };
}

function serveHelper(port: MessagePort): void {
  port.onmessage = (event: MessageEvent<Argon2Share>) => {
    const { memory, shape, stop } = event.data;
    try {
      fillLanes(memory, shape, 1, 2, stop);
    } catch (e) {
      // The lead stops at its next slice; what this thread derived does not stay behind.
      giveUp(stop, memory);
      wipeMemory(memory);
      scope.postMessage(failure(e));
    } finally {
      port.close();
    }
  };
}

scope.onmessage = (event) => {
  const port = event.ports[0];
  if ("helper" in event.data) {
    if (port) serveHelper(port);
    return;
  }
  try {
    if (event.data.helped === true && port === undefined) {
      // A lost port would leave the helper idle and the unlock twice as slow, unnoticed.
      throw new PlicoError("internal", "Argon2id: the helper's port did not reach the lead");
    }
    const stop = asStopCell(event.data.stop) ?? undefined;
    const tag = argon2idShared(event.data, port ?? null, stop);
    scope.postMessage({ ok: true, tag });
    tag.fill(0);
  } catch (e) {
    scope.postMessage(failure(e));
  } finally {
    port?.close();
    // A malformed request (refused above) may carry no byte array to wipe; throwing here would
    // reach the caller as a second, uncaught error racing the refusal already posted.
    const { password } = event.data as { password?: unknown };
    if (password instanceof Uint8Array) password.fill(0);
  }
};
