/**
 * Following and cancelling the session's long work (`progress_jobs.ts`). Neither route counts
 * as activity — a page polling progress is not a person at the keyboard — and neither waits for
 * the session's queue, so they answer while the work runs.
 *
 * @module
 */

import type { Hono } from "hono";
import { UiError } from "../http_errors.ts";
import { stringField } from "../json_fields.ts";
import { jsonBody, reply, type UiEnv } from "./route_kit.ts";

/** Registers the progress routes on `api`. */
export function progressRoutes(api: Hono<UiEnv>): void {
  api.post("/progress", async (c) => {
    const id = stringField(await jsonBody(c), "id", 64);
    const view = c.get("session").jobs.view(id);
    if (view === null) throw new UiError("ui.not_found", "no such job is running");
    return reply(view);
  });

  api.post("/progress/cancel", async (c) => {
    const id = stringField(await jsonBody(c), "id", 64);
    return reply({ cancelled: c.get("session").jobs.cancel(id) });
  });
}
