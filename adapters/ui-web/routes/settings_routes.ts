/**
 * The profile's settings in the UI (docs/UI.md "Settings"): read with the unlocked profile,
 * saved encrypted in it (`application/profile_settings.ts`), and applied on the server where
 * they matter there — the inactivity lock — as soon as they are saved or the profile unlocks.
 * The page applies the rest (language, default expiry, clipboard clear time).
 *
 * @module
 */

import type { Hono } from "hono";
import { loadSettings, readSettings, saveSettings } from "../../../application/profile_settings.ts";
import { PlicoError } from "../../../domain/errors.ts";
import type { ProfileSettings } from "../../../domain/profile_settings.ts";
import { UiError } from "../http_errors.ts";
import { LANGUAGES } from "../message_catalog.ts";
import type { ResolvedOptions } from "../ui_services.ts";
import type { UiSession, UnlockedState } from "../ui_session.ts";
import { type AppState, jsonBody, reply, type UiEnv, withUnlocked } from "./route_kit.ts";

/**
 * The settings as the page uses them: the stored choices, the values in force, and `unreadable`
 * when a stored record could not be read and the defaults stand in for it (the page says so).
 */
export function settingsView(
  options: ResolvedOptions,
  settings: ProfileSettings,
  unreadable = false,
): Record<string, unknown> {
  return {
    expiryMinutes: settings.expiryMinutes,
    idleLockMinutes: settings.idleLockMinutes,
    language: settings.language,
    clipboardClearSeconds: settings.clipboardClearSeconds,
    // In force: the stored choice, else the program's default (`plico ui --lock-after`).
    idleLockMs: settings.idleLockMinutes === null
      ? options.idleLockMs
      : settings.idleLockMinutes * 60_000,
    clipboardClearMs: settings.clipboardClearSeconds === null
      ? options.clipboardClearMs
      : settings.clipboardClearSeconds * 1000,
    unreadable,
  };
}

/** Applies the unlocked profile's settings to the session; returns them for the page. */
export function applySettings(
  options: ResolvedOptions,
  session: UiSession,
  unlocked: UnlockedState,
): Record<string, unknown> {
  const { settings, unreadable } = loadSettings(unlocked.profile);
  return holdSettings(options, session, settings, unreadable);
}

/** Makes `settings` the session's: its inactivity lock, and what `/state` tells the page. */
function holdSettings(
  options: ResolvedOptions,
  session: UiSession,
  settings: ProfileSettings,
  unreadable = false,
): Record<string, unknown> {
  session.setIdleMs(settings.idleLockMinutes === null ? null : settings.idleLockMinutes * 60_000);
  session.settings = settingsView(options, settings, unreadable);
  return session.settings;
}

function wrongType(name: string, what: string): never {
  throw new UiError("ui.bad_request", `field "${name}" must be ${what}`);
}

function numberOrNull(body: Record<string, unknown>, name: string): number | null {
  const v = body[name];
  if (v === null) return null;
  if (typeof v !== "number") wrongType(name, "a number or null");
  return v;
}

/** The settings in a request body; types here, ranges in `validateSettings`. */
function settingsFrom(body: Record<string, unknown>): ProfileSettings {
  const expiry = body.expiryMinutes;
  if (typeof expiry !== "number") wrongType("expiryMinutes", "a number");
  const language = body.language;
  if (language !== null && typeof language !== "string") {
    wrongType("language", "a string or null");
  }
  if (language !== null && !LANGUAGES.some((l) => l.tag === language)) {
    const offered = LANGUAGES.map((l) => `${l.tag} (${l.name})`).join(", ");
    throw new PlicoError("usage", `this language is not offered; choose one of: ${offered}`);
  }
  return {
    expiryMinutes: expiry,
    idleLockMinutes: numberOrNull(body, "idleLockMinutes"),
    language,
    clipboardClearSeconds: numberOrNull(body, "clipboardClearSeconds"),
  };
}

/** Registers the settings routes on `api`. */
export function settingsRoutes(api: Hono<UiEnv>, state: AppState): void {
  api.post("/settings/get", async (c) => {
    await jsonBody(c);
    return reply({
      settings: await withUnlocked(c, ({ profile }) => {
        const { settings, unreadable } = loadSettings(profile);
        return settingsView(state.options, settings, unreadable);
      }),
    });
  });

  api.post("/settings/save", async (c) => {
    const wanted = settingsFrom(await jsonBody(c));
    return reply({
      settings: await withUnlocked(c, ({ profile }, session) => {
        return holdSettings(state.options, session, saveSettings(profile, wanted));
      }),
    });
  });

  // The language menu in the top bar: remembered in the profile (the rest unchanged).
  api.post("/settings/language", async (c) => {
    const body = await jsonBody(c);
    return reply({
      settings: await withUnlocked(c, ({ profile }, session) => {
        const current = readSettings(profile);
        const wanted = settingsFrom({
          expiryMinutes: current.expiryMinutes,
          idleLockMinutes: current.idleLockMinutes,
          clipboardClearSeconds: current.clipboardClearSeconds,
          language: body.language,
        });
        return holdSettings(state.options, session, saveSettings(profile, wanted));
      }),
    });
  });
}
