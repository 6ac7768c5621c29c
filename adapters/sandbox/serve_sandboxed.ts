/**
 * The worker side of the sandbox (HARDENING §3). A worker module calls
 * `serveSandboxed(handler)` once at top level. The worker answers exactly one request and then
 * closes, so no state survives from one untrusted input to the next.
 *
 * Before it runs the handler the worker checks its own rights: no permission may be granted
 * unscoped, nor for the probes below ("prompt" is fine: `--no-prompt` and compiled binaries
 * turn it into a refusal). If the parent forgot the restriction, or a future Deno ignored it,
 * the worker refuses to parse rather than parse with the program's rights.
 *
 * @module
 */

import { isPlicoError } from "../../domain/errors.ts";
import type { CommitGate } from "../../application/ports.ts";
import {
  GATE_COMMITTING,
  GATE_RUNNING,
  PERMISSION_NAMES,
  type SandboxFailure,
  type SandboxReply,
  type SandboxRequest,
} from "./sandbox_protocol.ts";

/** The handler's answer and the buffers to transfer rather than copy. */
export interface Served<T> {
  readonly value: T;
  readonly transfer?: readonly ArrayBuffer[];
}

/** Thrown when the worker finds more rights than it was promised. */
class SandboxBreach extends Error {
  override readonly name = "SandboxBreach";
}

/**
 * Unscoped queries catch a worker that inherited everything; the scoped probes catch inherited
 * lists (the shipped set grants net and env only for listed hosts and variables, which an
 * unscoped query reports as "prompt"). The file-system root is never granted by `runSandboxed`.
 */
const PROBES: readonly Deno.PermissionDescriptor[] = [
  ...PERMISSION_NAMES.map((name) => ({ name }) as Deno.PermissionDescriptor),
  { name: "read", path: "/" },
  { name: "write", path: "/" },
  { name: "net", host: "127.0.0.1" },
  { name: "env", variable: "HOME" },
  { name: "run", command: "sh" },
];

async function assertConfined(): Promise<void> {
  for (const probe of PROBES) {
    if ((await Deno.permissions.query(probe)).state === "granted") {
      throw new SandboxBreach(
        `the worker holds a right it was not given: ${JSON.stringify(probe)}`,
      );
    }
  }
}

function failure(e: unknown): SandboxFailure {
  if (isPlicoError(e)) return { name: e.name, code: e.code, message: e.message };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: typeof e, message: "non-error thrown" };
}

/** The worker's side of a commit gate: entering succeeds unless the parent cancelled first. */
function gateOf(cell: Int32Array | undefined): CommitGate | null {
  if (!(cell instanceof Int32Array) || !(cell.buffer instanceof SharedArrayBuffer)) return null;
  return {
    enter: () => Atomics.compareExchange(cell, 0, GATE_RUNNING, GATE_COMMITTING) === GATE_RUNNING,
  };
}

/**
 * Installs the one-shot message handler of a sandbox worker. `handler` gets the request and
 * returns the value (plain data) to send back. `gate` is set when the parent may cancel the
 * work (time limit, interruption) until the handler enters it.
 */
export function serveSandboxed<Req, Res>(
  handler: (
    request: Req,
    progress: (done: number, total: number) => void,
    gate: CommitGate | null,
  ) => Served<Res> | Promise<Served<Res>>,
): void {
  // Only inside a worker: imported by mistake on the main thread, it installs nothing.
  if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "function") {
    return;
  }
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent<SandboxRequest<Req>>) => void) | null;
    postMessage(message: unknown, transfer?: Transferable[]): void;
    close(): void;
  };
  scope.onmessage = async (event) => {
    scope.onmessage = null; // one request per worker
    scope.postMessage({ started: true });
    let reply: SandboxReply<Res>;
    let transfer: Transferable[] = [];
    try {
      await assertConfined();
      const served = await handler(
        event.data.request,
        (done, total) => scope.postMessage({ progress: [done, total] }),
        gateOf(event.data.gate),
      );
      reply = { ok: true, value: served.value };
      transfer = [...(served.transfer ?? [])];
    } catch (e) {
      reply = { ok: false, error: failure(e) };
    }
    scope.postMessage(reply, transfer);
    scope.close();
  };
}
