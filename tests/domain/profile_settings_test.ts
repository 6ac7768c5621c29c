import assert from "node:assert/strict";
import { isPlicoError } from "../../domain/errors.ts";
import {
  decodeSettings,
  decodeSettingsRecord,
  DEFAULT_SETTINGS,
  encodeSettings,
  type ProfileSettings,
  validateSettings,
} from "../../domain/profile_settings.ts";
import { SETTINGS_MAX_BYTES } from "../../domain/limits.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

const CHOSEN: ProfileSettings = {
  expiryMinutes: 1440,
  idleLockMinutes: 5,
  language: "fa",
  clipboardClearSeconds: 45,
};

Deno.test("encodeSettings() writes the PROTOCOL §2.7 record, and decodeSettings() reads it back", () => {
  const bytes = encodeSettings(CHOSEN);
  assert.equal(
    new TextDecoder().decode(bytes),
    '{"expiry_minutes":1440,"idle_lock_minutes":5,"language":"fa","clipboard_clear_seconds":45}',
  );
  assert.deepEqual(decodeSettings(bytes), CHOSEN);
  assert.deepEqual(decodeSettings(encodeSettings(DEFAULT_SETTINGS)), DEFAULT_SETTINGS);
});

Deno.test("validateSettings() refuses each value out of range, naming it", () => {
  const wrong: [Partial<ProfileSettings>, RegExp][] = [
    [{ expiryMinutes: 61 }, /default expiry/],
    [{ expiryMinutes: -1 }, /default expiry/],
    [{ idleLockMinutes: 0 }, /inactivity lock/],
    [{ idleLockMinutes: 1441 }, /inactivity lock/],
    [{ idleLockMinutes: 2.5 }, /inactivity lock/],
    [{ idleLockMinutes: Number.NaN }, /inactivity lock/],
    [{ language: "" }, /language/],
    [{ language: "EN" }, /language/],
    [{ language: "en<script>" }, /language/],
    [{ language: "x".repeat(40) }, /language/],
    [{ clipboardClearSeconds: 4 }, /clipboard/],
    [{ clipboardClearSeconds: 601 }, /clipboard/],
  ];
  for (const [change, message] of wrong) {
    assert.throws(
      () => validateSettings({ ...CHOSEN, ...change }),
      (e) => isPlicoError(e, "usage") && message.test(e.message),
      JSON.stringify(change),
    );
  }
  // The bounds themselves are accepted.
  for (
    const ok of [
      { idleLockMinutes: 1 },
      { idleLockMinutes: 1440 },
      { clipboardClearSeconds: 5 },
      { clipboardClearSeconds: 600 },
      { language: "pt-BR" },
      { language: null, idleLockMinutes: null, clipboardClearSeconds: null },
    ]
  ) validateSettings({ ...CHOSEN, ...ok });
});

Deno.test("decodeSettings() gives the defaults for a missing, oversized or malformed record, and per value for a wrong one", () => {
  assert.deepEqual(decodeSettings(null), DEFAULT_SETTINGS);
  assert.deepEqual(decodeSettings(utf8("not json")), DEFAULT_SETTINGS);
  assert.deepEqual(decodeSettings(utf8("[1,2]")), DEFAULT_SETTINGS);
  assert.deepEqual(decodeSettings(new Uint8Array([0xff, 0xfe])), DEFAULT_SETTINGS);
  const big = new Uint8Array(SETTINGS_MAX_BYTES + 1).fill(0x20);
  big.set(encodeSettings(CHOSEN));
  assert.deepEqual(decodeSettings(big), DEFAULT_SETTINGS);
  // One bad value falls back alone; unknown keys (a newer Plico's) are ignored.
  assert.deepEqual(
    decodeSettings(utf8(JSON.stringify({
      expiry_minutes: 60,
      idle_lock_minutes: 99999,
      language: 7,
      clipboard_clear_seconds: 10,
      future_key: true,
    }))),
    { expiryMinutes: 60, idleLockMinutes: null, language: null, clipboardClearSeconds: 10 },
  );
});

Deno.test("decodeSettingsRecord() is null only when the record as a whole cannot be read", () => {
  assert.equal(decodeSettingsRecord(utf8("not json")), null);
  assert.equal(decodeSettingsRecord(utf8("[1,2]")), null);
  assert.equal(decodeSettingsRecord(utf8("null")), null);
  assert.equal(decodeSettingsRecord(new Uint8Array([0xff, 0xfe])), null);
  const big = new Uint8Array(SETTINGS_MAX_BYTES + 1).fill(0x20);
  big.set(encodeSettings(CHOSEN));
  assert.equal(decodeSettingsRecord(big), null);
  assert.deepEqual(decodeSettingsRecord(encodeSettings(CHOSEN)), CHOSEN);
  // A wrong or missing value is that value's default, not an unreadable record.
  assert.deepEqual(decodeSettingsRecord(utf8("{}")), DEFAULT_SETTINGS);
});
