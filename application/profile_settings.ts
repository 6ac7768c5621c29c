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
  decodeSettingsRecord,
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

/** The settings in force, and whether a stored record could not be read. */
export interface LoadedSettings {
  readonly settings: ProfileSettings;
  /**
   * True when a record exists but does not open (`profile.corrupt`) or is not a settings record:
   * the defaults are in force instead of what the user chose, and the user should be told.
   */
  readonly unreadable: boolean;
}

/**
 * The profile's settings; the defaults when none were saved — or when the record cannot be read
 * (`unreadable`): preferences never keep anyone from their messages (PROTOCOL §2.7 says what
 * a damaged or older record can and cannot change).
 */
export function loadSettings(profile: UnlockedProfile): LoadedSettings {
  let fields;
  try {
    fields = profile.vault.get(SETTINGS_TABLE, SETTINGS_ROW);
  } catch (e) {
    if (isPlicoError(e, "profile.corrupt")) return { settings: DEFAULT_SETTINGS, unreadable: true };
    throw e;
  }
  const bytes = fields?.[SETTINGS_COLUMN] ?? null;
  if (bytes === null) return { settings: DEFAULT_SETTINGS, unreadable: false };
  const settings = decodeSettingsRecord(bytes);
  return settings === null
    ? { settings: DEFAULT_SETTINGS, unreadable: true }
    : { settings, unreadable: false };
}

/** The profile's settings in force (`loadSettings` without the "could not be read" flag). */
export function readSettings(profile: UnlockedProfile): ProfileSettings {
  return loadSettings(profile).settings;
}

/**
 * Checks and saves `settings` in one transaction, replacing any earlier record; throws `usage`
 * naming the wrong value and then writes nothing. Returns what was saved.
 */
export function saveSettings(profile: UnlockedProfile, settings: ProfileSettings): ProfileSettings {
  const encoded = encodeSettings(settings);
  const { vault } = profile;
  // Replaced whole, without opening the old record: one that no longer opens must not keep the
  // user from saving settings that do.
  vault.transaction(() => {
    vault.delete(SETTINGS_TABLE, SETTINGS_ROW);
    vault.insert(SETTINGS_TABLE, SETTINGS_ROW, { [SETTINGS_COLUMN]: encoded });
  });
  return decodeSettings(encoded);
}
