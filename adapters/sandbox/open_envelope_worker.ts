/**
 * Sandbox worker that opens one envelope (HARDENING §3.3): it may read the envelope
 * file and the profile directory, and write only the profile directory and the output
 * directory (none when the attachments are kept in memory for the UI) — no network,
 * environment, subprocess or any other file. The process that started it unlocked the profile
 * and hands over the master key; the worker runs the same `openEnvelope` use case as everywhere
 * else, with the parent's commit gate (time limit, interruption).
 *
 * @module
 */

import { openEnvelope, type OpenResult } from "../../application/open_envelope.ts";
import { profileFromMasterKey } from "../../application/unlock_profile.ts";
import { composeCore, composeProfileDeps } from "../compose.ts";
import { attachmentDirectory } from "../fs/attachment_directory.ts";
import { readEnvelopeFile } from "../fs/envelope_file.ts";
import { type KeptAttachment, memoryStage } from "../fs/memory_stage.ts";
import { serveSandboxed } from "./serve_sandboxed.ts";

/** What to open, where, with which key. */
export interface OpenEnvelopeRequest {
  readonly masterKey: Uint8Array;
  readonly profileDir: string;
  /** The envelope file, binary or armored. */
  readonly envelopePath: string;
  /** Where attachments are saved; null keeps them in memory (at most `holdLimit` bytes). */
  readonly outDir: string | null;
  readonly holdLimit?: number;
  /**
   * 8 hex digits naming the staged files of this open (`.partial-RUNID…`), so that the
   * caller can remove them if it had to stop the worker; a fresh one when absent.
   */
  readonly runId?: string;
}

/** The opened envelope, with the attachments kept in memory when no directory was given. */
export interface OpenEnvelopeReply extends OpenResult {
  readonly kept: readonly KeptAttachment[];
}

serveSandboxed<OpenEnvelopeRequest, OpenEnvelopeReply>(async (request, progress, gate) => {
  const deps = composeProfileDeps(composeCore(), request.profileDir, null);
  const profile = profileFromMasterKey(deps, deps.repo.readHeader(), request.masterKey, null);
  try {
    const input = await readEnvelopeFile(request.envelopePath);
    const memory = request.outDir === null ? memoryStage(request.holdLimit ?? 0) : null;
    const stage = memory ??
      await attachmentDirectory(
        request.outDir!,
        request.runId === undefined ? {} : { runId: request.runId },
      );
    const options = gate ? { progress, gate } : { progress };
    const result = await openEnvelope(deps, profile, input, stage, options);
    const kept = memory?.published() ?? [];
    return {
      value: { ...result, kept },
      transfer: kept.map((k) => k.bytes.buffer as ArrayBuffer),
    };
  } finally {
    profile.lock();
  }
});
