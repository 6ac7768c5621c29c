/**
 * The profile's settings (PROTOCOL §2.7): the default expiry offered on Write, the inactivity
 * lock, the language and the clipboard clear time. One bounded JSON record, validated when it
 * is written; when it is read, a missing record or a value this build does not accept gives the
 * default for that value, so a setting can never keep a profile from unlocking.
 *
 * @module
 */

import { PlicoError } from "./errors.ts";
import {
  SETTINGS_LANGUAGE_MAX_CHARS,
  SETTINGS_MAX_BYTES,
  UI_CLIPBOARD_CLEAR_MAX_SECONDS,
  UI_CLIPBOARD_CLEAR_MIN_SECONDS,
  UI_IDLE_LOCK_MAX_MINUTES,
  UI_IDLE_LOCK_MIN_MINUTES,
} from "./limits.ts";

/** Expiry choices offered on Write, in minutes (0: never; an hour, a day, a week, 30 days). */
export const EXPIRY_CHOICES_MINUTES: readonly number[] = [0, 60, 1440, 10080, 43200];

/** What a profile remembers about how the user wants to work. */
export interface ProfileSettings {
  /** Expiry preselected on Write, one of `EXPIRY_CHOICES_MINUTES`. */
  readonly expiryMinutes: number;
  /** Inactivity lock in minutes; null: the program's default (`plico ui --lock-after`). */
  readonly idleLockMinutes: number | null;
  /** Language tag of the page; null: the browser's choice. */
  readonly language: string | null;
  /** Seconds before copied text is cleared; null: the program's default. */
  readonly clipboardClearSeconds: number | null;
}

/** The settings of a profile that never saved any. */
export const DEFAULT_SETTINGS: ProfileSettings = {
  expiryMinutes: 0,
  idleLockMinutes: null,
  language: null,
  clipboardClearSeconds: null,
};

/** A language tag: two or three lowercase letters, optionally a region or script subtag. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

function intIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function validLanguage(value: unknown): value is string {
  return typeof value === "string" && value.length <= SETTINGS_LANGUAGE_MAX_CHARS &&
    LANGUAGE_TAG.test(value);
}

/** Which setting is wrong and the accepted values, for the message. */
function invalid(what: string): PlicoError {
  return new PlicoError("usage", what);
}

/**
 * Checks every value and returns a clean copy; throws `usage` naming the first wrong one. Only
 * the named fields are kept, so nothing else can be smuggled into the record.
 */
export function validateSettings(s: ProfileSettings): ProfileSettings {
  if (!EXPIRY_CHOICES_MINUTES.includes(s.expiryMinutes)) {
    throw invalid(`default expiry must be one of ${EXPIRY_CHOICES_MINUTES.join(", ")} minutes`);
  }
  if (
    s.idleLockMinutes !== null &&
    !intIn(s.idleLockMinutes, UI_IDLE_LOCK_MIN_MINUTES, UI_IDLE_LOCK_MAX_MINUTES)
  ) {
    throw invalid(
      `the inactivity lock must be ${UI_IDLE_LOCK_MIN_MINUTES} to ${UI_IDLE_LOCK_MAX_MINUTES} minutes`,
    );
  }
  if (s.language !== null && !validLanguage(s.language)) {
    throw invalid("the language must be a language tag such as en or fa");
  }
  if (
    s.clipboardClearSeconds !== null &&
    !intIn(s.clipboardClearSeconds, UI_CLIPBOARD_CLEAR_MIN_SECONDS, UI_CLIPBOARD_CLEAR_MAX_SECONDS)
  ) {
    throw invalid(
      `the clipboard clear time must be ${UI_CLIPBOARD_CLEAR_MIN_SECONDS} to ${UI_CLIPBOARD_CLEAR_MAX_SECONDS} seconds`,
    );
  }
  return {
    expiryMinutes: s.expiryMinutes,
    idleLockMinutes: s.idleLockMinutes,
    language: s.language,
    clipboardClearSeconds: s.clipboardClearSeconds,
  };
}

/** Encodes valid settings as the stored record (UTF-8 JSON, keys in a fixed order). */
export function encodeSettings(s: ProfileSettings): Uint8Array {
  const v = validateSettings(s);
  return new TextEncoder().encode(JSON.stringify({
    expiry_minutes: v.expiryMinutes,
    idle_lock_minutes: v.idleLockMinutes,
    language: v.language,
    clipboard_clear_seconds: v.clipboardClearSeconds,
  }));
}

/**
 * Reads a stored record (no record: the defaults). Too long, not UTF-8 or not a JSON object: the
 * defaults too; `decodeSettingsRecord` tells that case apart. A value that is missing or not
 * accepted: the default for that value. Unknown keys (from a newer Plico) are ignored.
 */
export function decodeSettings(bytes: Uint8Array | null): ProfileSettings {
  return bytes === null ? DEFAULT_SETTINGS : decodeSettingsRecord(bytes) ?? DEFAULT_SETTINGS;
}

/**
 * Like `decodeSettings` for a record that exists, but null when the record as a whole cannot be
 * read (too long, not UTF-8, not a JSON object), so the caller can say the defaults are in force.
 */
export function decodeSettingsRecord(bytes: Uint8Array): ProfileSettings | null {
  if (bytes.length > SETTINGS_MAX_BYTES) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const o = parsed as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  const expiry = o.expiry_minutes;
  const idle = o.idle_lock_minutes;
  const clip = o.clipboard_clear_seconds;
  return {
    expiryMinutes: typeof expiry === "number" && EXPIRY_CHOICES_MINUTES.includes(expiry)
      ? expiry
      : d.expiryMinutes,
    idleLockMinutes: intIn(idle, UI_IDLE_LOCK_MIN_MINUTES, UI_IDLE_LOCK_MAX_MINUTES)
      ? idle
      : d.idleLockMinutes,
    language: validLanguage(o.language) ? o.language : d.language,
    clipboardClearSeconds:
      intIn(clip, UI_CLIPBOARD_CLEAR_MIN_SECONDS, UI_CLIPBOARD_CLEAR_MAX_SECONDS)
        ? clip
        : d.clipboardClearSeconds,
  };
}
