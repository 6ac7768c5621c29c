// Entry point of the page. Takes the launch token out of the address bar, exchanges it once
// for the session cookie, then follows the server's state: create a profile, unlock it, or
// work with it. Locking (by the user, by inactivity, or seen in any answer) wipes everything
// the page shows.

import { on, post, setCsrf } from "./api.js";
import { clearCopiedNow, configureClipboard } from "./clipboard.js";
import { byId, el, revokeAll } from "./dom.js";
import {
  applyCatalog,
  language,
  loadCatalog,
  offeredLanguages,
  switchLanguage,
  t,
} from "./i18n.js";
import {
  configureIdle,
  markLocked,
  markUnlocked,
  render as renderIdleTimer,
  startIdleWatch,
} from "./idle.js";
import { showError, showNotice } from "./notices.js";
import { initConfirmUi } from "./confirm_ui.js";
import { askConsent, initProfileUi, setProfileName, setUnlockedInfo } from "./profile_ui.js";
import { initSessionsUi } from "./sessions_ui.js";
import { initEnvelopeUi, restoreOpened } from "./envelope_ui.js";
import { initComposeUi } from "./compose_ui.js";
import { initQrUi } from "./qr_ui.js";
import { initQrScan } from "./qr_scan.js";
import { configureLimits, initDropZones } from "./files.js";
import { applySettings, initSettingsUi } from "./settings_ui.js";
import { currentView, initNavigation, setNavigation, showView, wipeAll } from "./views.js";

/** The launch token from `#token=…`, removed from the address bar and history at once. */
function takeLaunchToken() {
  const match = /^#token=([A-Za-z0-9_-]{1,128})$/.exec(location.hash);
  if (location.hash !== "") history.replaceState(null, "", location.pathname);
  return match ? match[1] : null;
}

async function enterUnlocked(info) {
  setUnlockedInfo(info);
  setNavigation(true);
  markUnlocked();
  // The profile's settings: its idle lock, clipboard delay, expiry on Write and language.
  await applySettings(info.settings);
  showView("sessions", { keepMessages: true });
  restoreOpened();
}

function enterLocked({ notice } = {}) {
  wipeAll();
  revokeAll();
  clearCopiedNow();
  setUnlockedInfo(null);
  setNavigation(false);
  markLocked();
  showView("unlock", { force: true });
  if (notice) showNotice(notice);
}

/** How often the page asks whether `plico ui` is still there (not counted as activity). */
const ALIVE_POLL_MS = 3000;

/** `plico ui` stopped (or the connection is gone): wipe, and say so in a locked state. */
function showStopped() {
  showConnect();
  byId("connect-stopped").hidden = false;
  byId("connect-help").hidden = true;
}

async function pollAlive() {
  if (currentView() === "connect") return;
  try {
    const state = await post("state", {}, { activity: false });
    if (!state.profile.unlocked && !byId("nav").hidden) enterLocked({ notice: t("lock.idle") });
  } catch (err) {
    if (err?.code === "ui.offline") showStopped();
  }
}

function showConnect(err) {
  wipeAll();
  revokeAll();
  setNavigation(false);
  markLocked();
  showView("connect", { force: true });
  if (err) showError(err);
}

function follow(state) {
  configureClipboard(state.clipboardClearMs);
  configureLimits(state.limits);
  configureIdle(state.idleLockMs, state.lockInMs);
  const { profile } = state;
  byId("profile-location").textContent = t("profile.location", {
    location: profile.location ?? "",
  });
  setProfileName(profile.location ?? "");
  if (!profile.exists) {
    askConsent(profile.platform !== "available");
    setNavigation(false);
    showView("create");
  } else if (!profile.unlocked) {
    setNavigation(false);
    showView("unlock");
  } else enterUnlocked(profile.info);
}

async function lockNow() {
  try {
    await post("lock");
    enterLocked({ notice: t("lock.done") });
  } catch (err) {
    showError(err);
  }
}

/** Rewords the page (and the shown screen) in `lang`. */
async function useLanguage(lang) {
  await switchLanguage(lang);
  document.title = t("app.title");
  byId("language").value = language();
  renderIdleTimer();
  // The shown screen builds its dynamic parts again in the new language.
  const view = currentView();
  if (view !== null && view !== "open" && view !== "confirm") {
    showView(view, { keepMessages: true, force: true });
  }
}

/**
 * Fills the language menu. A choice made while the profile is unlocked is remembered in the
 * profile (its settings); while locked, in this tab only.
 */
function initLanguageMenu() {
  const menu = byId("language");
  for (const l of offeredLanguages()) {
    const option = el("option", { text: l.name, attrs: { value: l.tag, lang: l.tag } });
    menu.append(option);
  }
  menu.value = language();
  menu.addEventListener("change", async () => {
    const chosen = menu.value;
    let failure = null;
    // Saved first, so a screen built again in the new language (Settings) shows the choice.
    if (!byId("nav").hidden) {
      try {
        await post("settings/language", { language: chosen });
      } catch (err) {
        failure = err;
      }
    }
    await useLanguage(chosen);
    if (failure !== null) showError(failure);
    menu.focus();
  });
}

async function boot() {
  await loadCatalog();
  applyCatalog(document);
  document.title = t("app.title");
  initLanguageMenu();
  const token = takeLaunchToken();
  initNavigation();
  initProfileUi({ onUnlocked: enterUnlocked });
  initSessionsUi();
  initConfirmUi();
  initEnvelopeUi();
  initComposeUi();
  initSettingsUi({ onLanguage: useLanguage });
  initQrUi();
  initQrScan();
  initDropZones();
  byId("lock-now").addEventListener("click", lockNow);
  on("locked", () => enterLocked({ notice: t("lock.idle") }));
  on("noSession", () => showConnect());
  let launchError = null;
  if (token !== null) {
    try {
      setCsrf((await post("launch", { token })).csrf);
    } catch (err) {
      // A spent link opened again in a browser that already has the session still works.
      launchError = err;
    }
  }
  try {
    const state = await post("state", {}, { activity: false });
    setCsrf(state.csrf);
    startIdleWatch(() => enterLocked({ notice: t("lock.idle") }));
    follow(state);
    setInterval(pollAlive, ALIVE_POLL_MS);
  } catch (err) {
    showConnect(launchError ?? err);
  }
}

boot();
