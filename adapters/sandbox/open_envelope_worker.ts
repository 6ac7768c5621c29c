/**
 * Sandbox worker that opens one envelope (HARDENING §3.3): it may read the envelope
 * file and the profile directory, and write only the profile directory and the output
 * directory — no network, environment, subprocess or any other file. The process that started
 * it unlocked the profile and hands over the master key; the worker runs the same `openEnvelope`
 * use case as everywhere else.
 *
 * @module
 */

import { openEnvelope, type OpenResult } from "../../application/open_envelope.ts";
import { profileFromMasterKey } from "../../application/unlock_profile.ts";
import { dearmor } from "../../domain/armor.ts";
import { PlicoError } from "../../domain/errors.ts";
import { ARMOR_MAX_ENVELOPE_BYTES } from "../../domain/limits.ts";
import { composeCore, composeProfileDeps } from "../compose.ts";
import { rereadableFile } from "../fs/file_source.ts";
import { attachmentDirectory } from "../fs/new_file_sink.ts";
import { serveSandboxed } from "./serve_sandboxed.ts";

/** What to open, where, with which key. */
export interface OpenEnvelopeRequest {
  readonly masterKey: Uint8Array;
  readonly profileDir: string;
  readonly envelopePath: string;
  /** The file is the armored text form. */
  readonly armored: boolean;
  readonly outDir: string;
}

/** Largest armored text read: base64 of the largest armorable envelope, plus line breaks. */
const ARMOR_TEXT_LIMIT = Math.ceil(ARMOR_MAX_ENVELOPE_BYTES * 4 / 3) + 2 * 1024 * 1024;

serveSandboxed<OpenEnvelopeRequest, OpenResult>(async (request, progress) => {
  const deps = composeProfileDeps(composeCore(), request.profileDir, null);
  const profile = profileFromMasterKey(deps, deps.repo.readHeader(), request.masterKey, null);
  try {
    let input = await rereadableFile(request.envelopePath);
    if (request.armored) {
      if (input.size > ARMOR_TEXT_LIMIT) {
        throw new PlicoError("input.too_large", "the armored envelope is larger than allowed");
      }
      const bytes = dearmor(await Deno.readFile(request.envelopePath), "ENVELOPE").bytes;
      input = {
        size: bytes.length,
        open: () => {
          let at = 0;
          return Promise.resolve({
            read(into: Uint8Array) {
              if (at >= bytes.length) return Promise.resolve(null);
              const n = Math.min(into.length, bytes.length - at);
              into.set(bytes.subarray(at, at + n));
              at += n;
              return Promise.resolve(n);
            },
            close() {},
          });
        },
      };
    }
    const dir = await attachmentDirectory(request.outDir);
    return { value: await openEnvelope(deps, profile, input, dir, progress) };
  } finally {
    profile.lock();
  }
});
