/**
 * What every API route shares: the Hono environment (the caller's browser session), the
 * app-wide state, JSON replies, and `withUnlocked`, which runs a use case on the session's
 * unlocked profile — serialised with the session's other profile work and counted as activity.
 *
 * @module
 */

import type { Context } from "hono";
import type { Deps } from "../../../application/deps.ts";
import { UI_JSON_BODY_MAX_BYTES } from "../../../domain/limits.ts";
import { readJsonObject } from "../body_reader.ts";
import { UiError } from "../http_errors.ts";
import type { LaunchToken } from "../launch_token.ts";
import type { TempFiles } from "../temp_files.ts";
import type { ResolvedOptions, UiServices } from "../ui_services.ts";
import type { UiSession, UiSessionStore, UnlockedState } from "../ui_session.ts";

/** Hono environment of the API: the authenticated browser session, set by the session gate. */
export type UiEnv = { Variables: { session: UiSession } };

/** A Hono context of an API route. */
export type UiContext = Context<UiEnv>;

/** State shared by all routes of one app. */
export interface AppState {
  readonly services: UiServices;
  readonly options: ResolvedOptions;
  readonly sessions: UiSessionStore;
  readonly launch: LaunchToken;
  readonly temps: TempFiles;
}

/** A JSON reply. */
export function reply(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** The request's JSON object body, bounded by `UI_JSON_BODY_MAX_BYTES`. */
export function jsonBody(c: UiContext): Promise<Record<string, unknown>> {
  return readJsonObject(c.req.raw, UI_JSON_BODY_MAX_BYTES);
}

/** Runs `fn` with fresh ports for the profile directory and closes them afterwards. */
export async function withFreshDeps<T>(
  state: AppState,
  fn: (deps: Deps) => Promise<T> | T,
): Promise<T> {
  const deps = state.services.deps();
  try {
    return await fn(deps);
  } finally {
    deps.repo.close();
  }
}

/**
 * Refuses at once when nothing is unlocked, so a large upload is not read for nothing (the
 * work itself still runs through `withUnlocked`, which checks again).
 */
export function requireUnlockedNow(c: UiContext): void {
  if (c.get("session").unlocked === null) {
    throw new UiError("ui.locked", "the profile is locked: unlock it first");
  }
}

/**
 * Runs `fn` on the session's unlocked profile after the session's earlier work; refuses with
 * `ui.locked` when nothing is unlocked (also when the idle lock struck while it was queued).
 */
export function withUnlocked<T>(
  c: UiContext,
  fn: (unlocked: UnlockedState, session: UiSession) => Promise<T> | T,
): Promise<T> {
  const session = c.get("session");
  return session.exclusive(async () => {
    const unlocked = session.unlocked;
    if (unlocked === null) {
      throw new UiError("ui.locked", "the profile is locked: unlock it first");
    }
    session.touch();
    try {
      return await fn(unlocked, session);
    } finally {
      session.touch();
    }
  });
}
