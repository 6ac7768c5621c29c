// The Settings screen: language, default expiry on Write, inactivity lock and clipboard clear
// time, saved encrypted in the profile (docs/UI.md "Settings"). `applySettings` puts them in
// force — after every unlock, after saving, and when the language menu changes — so the profile
// remembers them, not the browser tab.

import { ApiError, post } from "./api.js";
import { configureClipboard } from "./clipboard.js";
import { setDefaultExpiry } from "./compose_ui.js";
import { byId, el } from "./dom.js";
import { language, offeredLanguages, t } from "./i18n.js";
import { configureIdle } from "./idle.js";
import { busy, showNotice } from "./notices.js";
import { onEnter } from "./views.js";

/** Accepted ranges; the server checks them again (domain/limits.ts). */
const IDLE_MIN = 1;
const IDLE_MAX = 1440;
const CLIPBOARD_MIN = 5;
const CLIPBOARD_MAX = 600;

let changeLanguage = async () => {};

/**
 * Puts `settings` (the server's settings view) in force: the idle lock the server now counts,
 * the clipboard delay, the expiry preselected on Write and — when the profile has one — the
 * language. Says so when the stored settings could not be read and the defaults stand in.
 */
export async function applySettings(settings) {
  if (!settings) return;
  configureIdle(settings.idleLockMs, settings.idleLockMs);
  configureClipboard(settings.clipboardClearMs);
  setDefaultExpiry(settings.expiryMinutes);
  if (settings.language && settings.language !== language()) {
    await changeLanguage(settings.language);
  }
  if (settings.unreadable === true) showNotice(t("settings.unreadable_notice"));
}

function fill(settings) {
  // A record that could not be read: the form shows the defaults standing in for it.
  byId("settings-unreadable").hidden = settings.unreadable !== true;
  byId("settings-language").value = settings.language ?? "";
  byId("settings-expiry").value = String(settings.expiryMinutes);
  byId("settings-idle").value = String(
    settings.idleLockMinutes ?? Math.max(IDLE_MIN, Math.round(settings.idleLockMs / 60_000)),
  );
  byId("settings-clipboard").value = String(
    settings.clipboardClearSeconds ??
      Math.max(CLIPBOARD_MIN, Math.round(settings.clipboardClearMs / 1000)),
  );
}

/** A whole number in [min, max] typed in `id`, or an error naming the field. */
function wholeNumber(id, min, max, code) {
  const text = byId(id).value.trim();
  const n = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new ApiError(0, code, "");
  return n;
}

async function save(event) {
  event.preventDefault();
  await busy(event.currentTarget, async () => {
    const wanted = {
      language: byId("settings-language").value || null,
      expiryMinutes: Number(byId("settings-expiry").value),
      idleLockMinutes: wholeNumber("settings-idle", IDLE_MIN, IDLE_MAX, "settings.idle_range"),
      clipboardClearSeconds: wholeNumber(
        "settings-clipboard",
        CLIPBOARD_MIN,
        CLIPBOARD_MAX,
        "settings.clipboard_range",
      ),
    };
    const { settings } = await post("settings/save", wanted);
    await applySettings(settings);
    // "The browser's language": back to what the browser asks for, in this tab too.
    if (settings.language === null) await changeLanguage(null);
    fill(settings);
    showNotice(t("settings.saved"));
  }, {
    busyKey: "busy.saving",
    fieldFor: (code) =>
      code === "settings.idle_range"
        ? "settings-idle"
        : code === "settings.clipboard_range"
        ? "settings-clipboard"
        : null,
  });
}

/** The offered languages, built once the catalog is known; the chosen one stays chosen. */
function fillLanguages() {
  const menu = byId("settings-language");
  const chosen = menu.value;
  while (menu.options.length > 1) menu.lastElementChild.remove();
  for (const l of offeredLanguages()) {
    menu.append(el("option", { text: l.name, attrs: { value: l.tag, lang: l.tag } }));
  }
  menu.value = chosen;
}

/** Wires the Settings screen; `onLanguage(tag)` rewords the page in another language. */
export function initSettingsUi({ onLanguage }) {
  changeLanguage = onLanguage;
  onEnter("settings", async () => {
    fillLanguages();
    // Until the stored settings arrive the form takes no input: a change made earlier would be
    // overwritten by them (or saved over them unseen).
    const form = byId("settings-form");
    form.inert = true;
    form.setAttribute("aria-busy", "true");
    try {
      const { settings } = await post("settings/get");
      fill(settings);
    } catch {
      // a lock is reported by the API listeners; the form keeps what it showed
    } finally {
      form.inert = false;
      form.removeAttribute("aria-busy");
    }
  });
  byId("settings-form").addEventListener("submit", save);
}
