/**
 * Reading and saving the profile's settings (PROTOCOL §2.7). They live in the encrypted
 * `settings` table like every other record, so nothing about them is readable without
 * unlocking; the format and its checks are `domain/profile_settings.ts`.
 *
 * @module
 */

import { isPlicoError } from "../domain/errors.ts";
import {
  decodeSettings,
  DEFAULT_SETTINGS,
  encodeSettings,
  type ProfileSettings,
} from "../domain/profile_settings.ts";
import type { UnlockedProfile } from "./unlocked_profile.ts";

/** Table and column of the settings record. */
export const SETTINGS_TABLE = "settings";
export const SETTINGS_COLUMN = "value";
/** The settings record has a fixed row id: there is exactly one. */
export const SETTINGS_ROW = new Uint8Array(16);

/**
 * The profile's settings; the defaults when none were saved — or when the record does not open
 * (`profile.corrupt`): preferences never keep anyone from their messages, and the defaults are
 * the safe values (PROTOCOL §2.7).
 */
export function readSettings(profile: UnlockedProfile): ProfileSettings {
  let fields;
  try {
    fields = profile.vault.get(SETTINGS_TABLE, SETTINGS_ROW);
  } catch (e) {
    if (isPlicoError(e, "profile.corrupt")) return DEFAULT_SETTINGS;
    throw e;
  }
  return decodeSettings(fields?.[SETTINGS_COLUMN] ?? null);
}

/**
 * Checks and saves `settings` in one transaction, replacing any earlier record; throws `usage`
 * naming the wrong value and then writes nothing. Returns what was saved.
 */
export function saveSettings(profile: UnlockedProfile, settings: ProfileSettings): ProfileSettings {
  const encoded = encodeSettings(settings);
  const { vault } = profile;
  vault.transaction(() => {
    const fields = { [SETTINGS_COLUMN]: encoded };
    if (vault.get(SETTINGS_TABLE, SETTINGS_ROW) === null) {
      vault.insert(SETTINGS_TABLE, SETTINGS_ROW, fields);
    } else vault.update(SETTINGS_TABLE, SETTINGS_ROW, fields);
  });
  return decodeSettings(encoded);
}
