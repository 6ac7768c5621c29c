/**
 * Opening an uploaded envelope once, through the same sandboxed one-pass path as `plico open`
 * (`adapters/sandbox/sandboxed_open.ts`): the worker reads the upload (a temporary file of
 * ciphertext, binary or armored), may write only the profile directory, and hands the
 * attachments back in memory after the commit. They go to the session's holder, never to disk;
 * the page gets the text once, in this reply, and fetches attachments by id when the user saves
 * them.
 *
 * A browser that drops the connection before the commit cancels the open: nothing changes and
 * the envelope can be uploaded again. One that goes away after the commit finds the message
 * held for it when it comes back (`envelopes/current`).
 *
 * @module
 */

import { UI_OPEN_MAX_BYTES } from "../../../domain/limits.ts";
import { openEnvelopeSandboxed } from "../../sandbox/sandboxed_open.ts";
import { JOB_HEADER } from "../progress_jobs.ts";
import { type AppState, reply, type UiContext, withUnlocked } from "./route_kit.ts";

/** Opens the envelope in temporary file `path` (removed afterwards) and replies with it. */
export async function openUploaded(
  c: UiContext,
  state: AppState,
  path: string,
): Promise<Response> {
  const { job, end } = c.get("session").jobs.start(
    c.req.header(JOB_HEADER),
    "opening",
    c.req.raw.signal,
  );
  try {
    const opened = await withUnlocked(c, async ({ deps, profile }, session) => {
      job.throwIfCancelled();
      session.attachments.clear();
      // Cancel (or a dropped request) stops the open until its commit, changing nothing.
      const result = await openEnvelopeSandboxed({
        masterKey: profile.masterKey,
        profileDir: deps.repo.location,
        envelopePath: path,
        outDir: null,
        holdLimit: UI_OPEN_MAX_BYTES,
      }, { signal: job.signal, onProgress: (done, total) => job.record(done, total) });
      return { result, ids: session.attachments.keep(result.kept) };
    });
    const { result, ids } = opened;
    const body = {
      from: result.from,
      text: result.text,
      // The sender's "view only": the page hides Save (a courtesy, not a protection).
      viewOnly: result.viewOnly,
      createdAt: new Date(result.createdAt).toISOString(),
      expiresAt: result.expiresAt === null ? null : new Date(result.expiresAt).toISOString(),
      openedAt: new Date(result.openedAt).toISOString(),
      // The sanitised name is what is shown and offered: the sender's raw name may hold
      // direction overrides or path tricks.
      attachments: result.attachments.map((a, i) => ({
        id: ids[i] ?? null,
        name: a.savedAs ?? a.name,
        mediaType: a.mediaType,
        size: a.size,
      })),
    };
    // Burned now: kept until the user closes it, in case this reply never reaches the page.
    c.get("session").attachments.keepMessage(body);
    return reply(body);
  } finally {
    end();
    await state.temps.remove(path);
  }
}
