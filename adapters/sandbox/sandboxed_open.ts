/**
 * Opening an envelope in the sandbox (`open_envelope_worker.ts`): the worker may read the
 * envelope and the profile directory and write the profile directory and the output directory,
 * nothing else (no directory at all when the attachments are kept in memory, for the UI).
 *
 * The time limit and an interruption (`signal`) can stop the open only until it starts its
 * commit (a shared commit gate decides, race-free); from then on it runs to the end, so a burned
 * envelope always comes back with its text. When the open was stopped, the worker could not
 * remove what it had staged: the caller removes the files of its `runId`
 * (`removeStagedOf` in `adapters/fs/partial_files.ts`).
 *
 * @module
 */

import type { OpenEnvelopeReply, OpenEnvelopeRequest } from "./open_envelope_worker.ts";
import { runSandboxed } from "./run_sandboxed.ts";
import { newGate } from "./sandbox_protocol.ts";

const WORKER = new URL("./open_envelope_worker.ts", import.meta.url);
/** A minute, plus a second per MiB of envelope: generous for honest files, finite for others. */
function timeLimit(bytes: number): number {
  return 60_000 + Math.ceil(bytes / (1024 * 1024)) * 1000;
}

/** What to open and where. */
export type SandboxedOpenRequest = OpenEnvelopeRequest;

/** How the sandboxed open runs. */
export interface SandboxedOpenOptions {
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborting stops the open with `interrupted` unless its commit already began. */
  readonly signal?: AbortSignal;
  /** Overrides the time limit (tests). */
  readonly timeoutMs?: number;
  /**
   * The commit gate cell (default: a fresh `newGate()`); the caller reads it to know whether
   * the open already began its commit (`GATE_COMMITTING`) and can no longer be stopped.
   */
  readonly gate?: Int32Array;
}

/**
 * Opens the envelope at `envelopePath` once, saving attachments into `outDir` (or, when it is
 * null, returning them in `kept`).
 */
export async function openEnvelopeSandboxed(
  request: SandboxedOpenRequest,
  options: SandboxedOpenOptions = {},
): Promise<OpenEnvelopeReply> {
  const size = (await Deno.stat(request.envelopePath)).size;
  const key = request.masterKey.slice();
  const gate = options.gate ?? newGate();
  try {
    const dirs = request.outDir === null ? [] : [request.outDir];
    return await runSandboxed<OpenEnvelopeRequest, OpenEnvelopeReply>(
      WORKER,
      { ...request, masterKey: key },
      {
        read: [request.profileDir, request.envelopePath, ...dirs],
        write: [request.profileDir, ...dirs],
      },
      {
        timeoutMs: options.timeoutMs ?? timeLimit(size),
        transfer: [key.buffer as ArrayBuffer],
        onProgress: options.onProgress,
        gate,
        signal: options.signal,
      },
    );
  } finally {
    // Transferred into the worker (detached here) unless the call failed before that.
    if (key.byteLength > 0) key.fill(0);
  }
}
