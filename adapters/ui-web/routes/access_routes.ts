/**
 * Access routes: exchanging the launch token for the session cookie, the page's view of the
 * session (`state`, which also hands a reloaded page its CSRF token), activity heartbeats and
 * "lock now".
 *
 * @module
 */

import type { Hono } from "hono";
import {
  SETUP_FILE_MAX_BYTES,
  UI_CARRIER_MAX_BYTES,
  UI_OPEN_MAX_BYTES,
  UI_SEAL_MAX_BYTES,
  UI_SECRET_BYTES,
} from "../../../domain/limits.ts";
import { UiError } from "../http_errors.ts";
import { stringField } from "../json_fields.ts";
import { sessionCookie } from "../session_cookie.ts";
import type { UiSession } from "../ui_session.ts";
import { describeUnlocked, platformAvailability } from "./profile_view.ts";
import { type AppState, jsonBody, reply, type UiEnv, withFreshDeps } from "./route_kit.ts";

/** Longest launch token text read (base64url of `UI_SECRET_BYTES`, with room to spare). */
const TOKEN_MAX_CHARS = 2 * UI_SECRET_BYTES + 8;

async function profileState(state: AppState, session: UiSession): Promise<unknown> {
  const unlocked = session.unlocked;
  if (unlocked !== null) {
    const info = { ...describeUnlocked(unlocked), settings: session.settings };
    return { exists: true, unlocked: true, info };
  }
  return await withFreshDeps(state, async (deps) => {
    const location = deps.repo.location;
    if (deps.repo.exists()) return { exists: true, unlocked: false, location };
    return { exists: false, unlocked: false, location, platform: await platformAvailability(deps) };
  });
}

/** Registers the access routes on `api` (mounted at `/api`). */
export function accessRoutes(api: Hono<UiEnv>, state: AppState): void {
  api.post("/launch", async (c) => {
    const body = await jsonBody(c);
    const token = stringField(body, "token", TOKEN_MAX_CHARS);
    if (!state.launch.exchange(token)) {
      throw new UiError(
        "ui.bad_token",
        "this link is wrong or was already used: restart 'plico ui' to get a new one",
      );
    }
    const session = state.sessions.create();
    const response = reply({ csrf: session.csrf });
    response.headers.append("set-cookie", sessionCookie(state.options.port, session.id));
    return response;
  });

  // Reading the state is not activity: a page polling it does not keep the profile unlocked.
  api.post("/state", async (c) => {
    const session = c.get("session");
    return reply({
      csrf: session.csrf,
      // In force for this session: the unlocked profile's settings, else the program's defaults.
      idleLockMs: session.idleMs,
      clipboardClearMs: session.settings?.clipboardClearMs ?? state.options.clipboardClearMs,
      lockInMs: session.lockInMs,
      // Shown in the page and checked there before anything is uploaded.
      limits: {
        sealBytes: UI_SEAL_MAX_BYTES,
        openBytes: UI_OPEN_MAX_BYTES,
        carrierBytes: UI_CARRIER_MAX_BYTES,
        setupFileBytes: SETUP_FILE_MAX_BYTES,
      },
      profile: await profileState(state, session),
    });
  });

  api.post("/touch", (c) => {
    const session = c.get("session");
    session.touch();
    return reply({ lockInMs: session.lockInMs });
  });

  api.post("/lock", async (c) => {
    const session = c.get("session");
    await session.exclusive(() => session.lock());
    return reply({ locked: true });
  });
}
