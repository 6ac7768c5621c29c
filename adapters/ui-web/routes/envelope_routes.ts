/**
 * Envelope routes, calling the same use cases as `plico seal` / `plico open`: compose and seal
 * (the envelope comes back as a download), open once (the upload streams to a temporary file,
 * it is ciphertext), save an attachment of the opened message, and drop the opened message.
 *
 * The compose upload is plaintext: it is held in memory only (at most `UI_SEAL_MAX_BYTES`) and
 * overwritten after sealing. The sealed envelope is written to a temporary file and streamed
 * back.
 *
 * @module
 */

import type { Hono } from "hono";
import { type AttachmentInput, sealEnvelope } from "../../../application/seal_envelope.ts";
import { armor } from "../../../domain/armor.ts";
import {
  ARMOR_MAX_ENVELOPE_BYTES,
  PACKAGE_TEXT_MAX_BYTES,
  UI_OPEN_MAX_BYTES,
  UI_SEAL_MAX_BYTES,
} from "../../../domain/limits.ts";
import { isValidMediaType } from "../../../domain/package/mod.ts";
import { newFileSink } from "../../fs/new_file_sink.ts";
import { streamBodyToFile } from "../body_reader.ts";
import { neutralName } from "../download_name.ts";
import { fileResponse } from "../file_response.ts";
import { memorySource } from "../../fs/envelope_file.ts";
import { formFiles, formText, readForm } from "../form_body.ts";
import { UiError } from "../http_errors.ts";
import { stringField } from "../json_fields.ts";
import { JOB_HEADER } from "../progress_jobs.ts";
import { openUploaded } from "./open_flow.ts";
import {
  type AppState,
  jsonBody,
  reply,
  requireUnlockedNow,
  type UiEnv,
  withUnlocked,
} from "./route_kit.ts";
import { memorySink } from "../../fs/memory_sink.ts";

/** Longest expiry offered, in minutes (ten years). */
const EXPIRY_MAX_MINUTES = 10 * 366 * 24 * 60;

function expiryMinutes(form: FormData): number {
  const text = formText(form, "expiresInMinutes", 12, "0");
  const minutes = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(minutes >= 0 && minutes <= EXPIRY_MAX_MINUTES)) {
    throw new UiError("ui.bad_request", `field "expiresInMinutes" is out of range`);
  }
  return minutes;
}

async function attachmentInputs(
  files: File[],
): Promise<{ inputs: AttachmentInput[]; wipe(): void }> {
  const held: Uint8Array[] = [];
  const inputs: AttachmentInput[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    held.push(bytes);
    inputs.push({
      name: f.name,
      // The browser's guess, when it is a well-formed type; the package refuses anything else.
      mediaType: isValidMediaType(f.type) ? f.type : "application/octet-stream",
      size: bytes.length,
      open: () => Promise.resolve(memorySource(bytes)),
    });
  }
  return { inputs, wipe: () => held.forEach((b) => b.fill(0)) };
}

/** Registers the envelope routes on `api`. */
export function envelopeRoutes(api: Hono<UiEnv>, state: AppState): void {
  api.post("/envelopes/seal", async (c) => {
    requireUnlockedNow(c);
    const form = await readForm(c.req.raw, UI_SEAL_MAX_BYTES);
    const to = formText(form, "to", 256);
    const text = formText(form, "text", PACKAGE_TEXT_MAX_BYTES, "");
    const minutes = expiryMinutes(form);
    const armored = formText(form, "armor", 5, "false") === "true";
    const viewOnly = formText(form, "viewOnly", 5, "false") === "true";
    const { inputs, wipe } = await attachmentInputs(formFiles(form, "attachment"));
    const path = armored ? null : await state.temps.path("sealed");
    // Registered just before the try, so that `end()` below always forgets it; a refused job
    // id still wipes the plaintext read so far.
    let started;
    try {
      started = c.get("session").jobs.start(c.req.header(JOB_HEADER), "sealing", c.req.raw.signal);
    } catch (e) {
      wipe();
      throw e;
    }
    const { job, end } = started;
    try {
      const memory = armored ? memorySink(ARMOR_MAX_ENVELOPE_BYTES) : null;
      await withUnlocked(c, async ({ deps, profile }) => {
        // Cancelled while queued: nothing was started, no sending key is used.
        job.throwIfCancelled();
        const sink = memory ?? await (state.services.sealSink ?? newFileSink)(path!);
        const now = deps.clock.now();
        const expiresAt = minutes === 0 ? null : now + minutes * 60_000;
        // A cancel stops the body at the next piece; the sink is aborted (its file removed).
        const request = { to, text, attachments: inputs, expiresAt, viewOnly };
        return sealEnvelope(deps, profile, request, sink, (done, total) => job.report(done, total));
      });
      const random = state.services.random;
      if (memory) {
        return fileResponse(armor("ENVELOPE", memory.bytes()), neutralName(random, "text"));
      }
      const file = await Deno.open(path!, { read: true });
      const size = (await file.stat()).size;
      // Unlinked at once where the OS allows it; otherwise removed when the server stops.
      await state.temps.remove(path!);
      return fileResponse(file.readable, neutralName(random, "binary"), size);
    } catch (e) {
      if (path !== null) await state.temps.remove(path);
      throw e;
    } finally {
      end();
      wipe();
    }
  });

  api.post("/envelopes/open", async (c) => {
    requireUnlockedNow(c);
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/octet-stream$/i.test(type)) {
      throw new UiError("ui.unsupported_media", "send the envelope as application/octet-stream");
    }
    const path = await state.temps.path("upload");
    await streamBodyToFile(c.req.raw, path, UI_OPEN_MAX_BYTES);
    return await openUploaded(c, state, path);
  });

  api.post("/envelopes/attachment", async (c) => {
    const id = stringField(await jsonBody(c), "id", 64);
    const held = await withUnlocked(c, (_unlocked, session) => session.attachments.get(id));
    if (held === null) {
      throw new UiError(
        "ui.not_found",
        "that attachment is no longer held (the message was closed or another one opened)",
      );
    }
    return fileResponse(held.bytes.slice(), held.name, held.bytes.length);
  });

  // The message opened last, for a page that was closed or lost its connection after the open.
  api.post("/envelopes/current", async (c) => {
    const held = await withUnlocked(c, (_unlocked, session) => session.attachments.message());
    return reply({ opened: held });
  });

  api.post("/envelopes/discard", (c) => {
    c.get("session").attachments.clear();
    return reply({ discarded: true });
  });
}
