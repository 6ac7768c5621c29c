/**
 * Least privilege for untrusted input (HARDENING §3): runs one request in a fresh Deno
 * worker whose permissions are nothing at all, or read/write of exactly the listed paths. No
 * network, environment, subprocess, FFI, system information or dynamic remote import, whatever
 * the program itself holds. The result comes back by structured clone (plain data).
 *
 * Needs Deno's `worker-options` unstable feature (`"unstable": ["worker-options"]` in
 * deno.json, which `deno run --config` and `deno compile` honour). Without it Deno ends the
 * whole process with exit code 70 when the worker is created; it cannot be caught.
 *
 * Limits: a worker shares the process, so memory is not bounded per worker (an allocation
 * bomb can still end the process: parsers must keep their own length limits); time is bounded
 * by `timeoutMs`, counted from the worker's `started` message (its modules loaded), after which
 * the worker is terminated. Starting is bounded apart, by `SANDBOX_START_TIMEOUT_MS`: on a busy
 * machine loading a worker can take longer than parsing any honest input.
 *
 * @module
 */

import { resolve } from "node:path";
import { ERROR_CODES, type ErrorCode, PlicoError } from "../../domain/errors.ts";
import { SANDBOX_START_TIMEOUT_MS, SANDBOX_TIMEOUT_MS } from "../../domain/limits.ts";
import {
  GATE_CANCELLED,
  GATE_RUNNING,
  type SandboxFailure,
  type SandboxProgress,
  type SandboxReply,
  type SandboxRequest,
  type SandboxStarted,
} from "./sandbox_protocol.ts";
import { startWorker } from "../start_worker.ts";

/** File-system rights of a sandbox; every other right is always denied. */
export interface SandboxGrants {
  /** Paths (files or directories) the worker may read. Default: none. */
  readonly read?: readonly string[];
  /** Paths (files or directories) the worker may write. Default: none. */
  readonly write?: readonly string[];
}

/** How one call runs. */
export interface SandboxOptions {
  /** Time limit in milliseconds (default `SANDBOX_TIMEOUT_MS`). */
  readonly timeoutMs?: number;
  /** Buffers in the request to move into the worker instead of copying (they become empty). */
  readonly transfer?: readonly ArrayBuffer[];
  /** Receives the worker's progress reports (bytes done, of total). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * A commit gate (`newGate()`): the time limit and `signal` cancel the worker only while the
   * gate is still running. Once the worker entered it (its commit began), neither stops it any
   * more: the call waits for the worker's answer.
   */
  readonly gate?: Int32Array;
  /** Aborting cancels the work (as the time limit does) with `interrupted`. */
  readonly signal?: AbortSignal;
}

function grantList(paths: readonly string[] | undefined): string[] | false {
  if (paths === undefined || paths.length === 0) return false;
  return paths.map((p) => {
    if (typeof p !== "string" || p.length === 0 || p.includes("\0")) {
      throw new PlicoError("internal", "sandbox: a granted path is empty or invalid");
    }
    const absolute = resolve(p);
    // A root grant would be the whole file system: never what a parser needs.
    if (resolve(absolute, "..") === absolute) {
      throw new PlicoError("internal", "sandbox: refusing to grant a file-system root");
    }
    return absolute;
  });
}

function rebuild(error: SandboxFailure): Error {
  if (error.code !== undefined && (ERROR_CODES as readonly string[]).includes(error.code)) {
    return new PlicoError(error.code as ErrorCode, error.message);
  }
  if (error.name === "NotCapable") {
    return new Deno.errors.NotCapable(`inside the sandbox: ${error.message}`);
  }
  // Anything else is a bug in the parser; its message could quote input, so it stays inside.
  return new PlicoError("internal", `sandboxed parser failed (${error.name})`);
}

/**
 * Runs the worker module at `moduleUrl` (a `file:` URL of a module that calls
 * `serveSandboxed`) on `request` with only `grants`, and resolves to its value. Errors the
 * worker throws come back as `PlicoError` with the same code, `Deno.errors.NotCapable` for a
 * refused access, and `internal` otherwise; a worker over its time is terminated and the input
 * refused (`input.malformed`; with a gate: `interrupted`, and never once the worker entered its
 * commit, see `SandboxOptions.gate`).
 */
export function runSandboxed<Req, Res>(
  moduleUrl: URL,
  request: Req,
  grants: SandboxGrants = {},
  options: SandboxOptions = {},
): Promise<Res> {
  if (moduleUrl.protocol !== "file:") {
    throw new PlicoError("internal", "sandbox: only local worker modules are allowed");
  }
  const read = grantList(grants.read);
  const write = grantList(grants.write);
  const timeoutMs = options.timeoutMs ?? SANDBOX_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0) {
    throw new PlicoError("internal", "sandbox: the time limit must be a positive integer");
  }

  const worker = startWorker(moduleUrl, {
    type: "module",
    name: "plico-sandbox",
    deno: {
      permissions: {
        read,
        write,
        net: false,
        env: false,
        run: false,
        ffi: false,
        sys: false,
        import: false,
      },
    },
  }, "the sandbox that reads untrusted input");
  const gate = options.gate;
  return new Promise<Res>((resolvePromise, reject) => {
    /** Stops the worker unless it entered its commit; true when it was stopped. */
    const cancel = (error: PlicoError): boolean => {
      if (gate) {
        const before = Atomics.compareExchange(gate, 0, GATE_RUNNING, GATE_CANCELLED);
        if (before !== GATE_RUNNING) return false; // committing: let it finish
      }
      finish();
      reject(error);
      return true;
    };
    const onLimit = () => {
      // With a gate the work is an open that can be repeated: a program paused past the limit
      // (Ctrl-Z) is told so, rather than that its input is bad.
      cancel(
        gate
          ? new PlicoError(
            "interrupted",
            `not finished within ${timeoutMs / 1000} s (the input makes the parser hang, or the ` +
              "program was paused); nothing changed, it can be tried again",
          )
          : new PlicoError(
            "input.malformed",
            `the input was not parsed within ${timeoutMs} ms; it is refused`,
          ),
      );
    };
    // Until the worker says it started, only a generous bound on starting it runs: loading its
    // modules takes long on a busy machine and says nothing about the input.
    let timer = setTimeout(() => {
      cancel(
        new PlicoError(
          "io",
          `the sandbox did not start within ${SANDBOX_START_TIMEOUT_MS / 1000} s (is the ` +
            "machine very busy?); nothing changed, try again",
        ),
      );
    }, SANDBOX_START_TIMEOUT_MS);
    const onAbort = () => {
      cancel(
        new PlicoError("interrupted", "interrupted before anything was recorded; nothing changed"),
      );
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    function finish() {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      worker.onmessage = null;
      worker.onerror = null;
      worker.onmessageerror = null;
      worker.terminate();
    }
    worker.onmessage = (
      event: MessageEvent<SandboxReply<Res> | SandboxProgress | SandboxStarted>,
    ) => {
      const data = event.data;
      if ("started" in data) {
        clearTimeout(timer);
        timer = setTimeout(onLimit, timeoutMs);
        return;
      }
      if ("progress" in data) {
        const [done, total] = data.progress;
        if (Number.isSafeInteger(done) && Number.isSafeInteger(total)) {
          options.onProgress?.(done, total);
        }
        return;
      }
      finish();
      const reply = data;
      if (reply.ok) resolvePromise(reply.value);
      else reject(rebuild(reply.error));
    };
    worker.onmessageerror = () => {
      finish();
      reject(new PlicoError("internal", "sandbox: the worker's answer could not be received"));
    };
    worker.onerror = (event: ErrorEvent) => {
      // Handled here: an unhandled worker error would otherwise end the parent process.
      event.preventDefault();
      finish();
      reject(new PlicoError("internal", "sandbox: the worker failed before answering"));
    };
    const message: SandboxRequest<Req> = gate ? { request, gate } : { request };
    worker.postMessage(message, [...(options.transfer ?? [])]);
    if (options.signal?.aborted) onAbort();
  });
}
