/**
 * Opening an envelope in the sandbox (`open_envelope_worker.ts`): the worker may read the
 * envelope and the profile directory and write the profile directory and the output directory,
 * nothing else.
 *
 * @module
 */

import type { OpenResult } from "../../application/open_envelope.ts";
import type { OpenEnvelopeRequest } from "./open_envelope_worker.ts";
import { runSandboxed } from "./run_sandboxed.ts";

const WORKER = new URL("./open_envelope_worker.ts", import.meta.url);
/** A minute, plus a second per MiB of envelope: generous for honest files, finite for others. */
function timeLimit(bytes: number): number {
  return 60_000 + Math.ceil(bytes / (1024 * 1024)) * 1000;
}

/** Opens the envelope at `envelopePath` once, saving attachments into `outDir`. */
export async function openEnvelopeSandboxed(
  request: OpenEnvelopeRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<OpenResult> {
  const size = (await Deno.stat(request.envelopePath)).size;
  const key = request.masterKey.slice();
  try {
    return await runSandboxed<OpenEnvelopeRequest, OpenResult>(
      WORKER,
      { ...request, masterKey: key },
      {
        read: [request.profileDir, request.envelopePath, request.outDir],
        write: [request.profileDir, request.outDir],
      },
      { timeoutMs: timeLimit(size), transfer: [key.buffer as ArrayBuffer], onProgress },
    );
  } finally {
    // Transferred into the worker (detached here) unless the call failed before that.
    if (key.byteLength > 0) key.fill(0);
  }
}
