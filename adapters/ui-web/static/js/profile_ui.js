// Creating, unlocking and managing the profile: the same use cases as `plico profile …`.
// A passphrase that was wrong is emptied at once; a new passphrase that was refused (too weak)
// stays for correcting, and every passphrase field is emptied on success and on every lock.
// Two new passphrases that differ are caught here, before anything is sent. Each password form
// carries a hidden username (the profile's directory) so password managers file it correctly.

import { ApiError, post } from "./api.js";
import { clearDelaySeconds, copyWithClear } from "./clipboard.js";
import { byId, clear, el } from "./dom.js";
import { t } from "./i18n.js";
import { busy, showError, showNotice } from "./notices.js";
import { onEnter, onWipe } from "./views.js";
import { clockText, dateText, identityNode } from "./format.js";

let unlockedHandler = () => {};
let unlockedInfo = null;

function takeValue(id) {
  const input = byId(id);
  const value = input.value;
  input.value = "";
  return value;
}

/** Shows or hides the explicit passphrase-only consent of the create form. */
export function askConsent(shown) {
  byId("create-consent-box").hidden = !shown;
  if (!shown) byId("create-consent").checked = false;
}

/** The profile's directory, as the hidden username of every password form. */
export function setProfileName(location) {
  for (const input of document.querySelectorAll("input[autocomplete=username]")) {
    input.value = location;
  }
  byId("unlock-profile").textContent = location ? t("unlock.which", { location }) : "";
}

function clearValues(...ids) {
  for (const id of ids) byId(id).value = "";
}

/** Refuses two different new passphrases in the page. */
function checkRepeat(first, second) {
  if (byId(first).value !== byId(second).value) {
    throw new ApiError(0, "passphrase.mismatch", "");
  }
}

function isPlatformError(err) {
  return typeof err?.code === "string" && err.code.startsWith("platform.");
}

const CREATE_FIELDS = {
  "passphrase.weak": "create-passphrase",
  "passphrase.mismatch": "create-repeat",
};

async function create(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await busy(form, async () => {
    checkRepeat("create-passphrase", "create-repeat");
    const passphrase = byId("create-passphrase").value;
    const repeat = byId("create-repeat").value;
    const passphraseOnly = byId("create-consent").checked;
    try {
      const result = await post("profile/create", { passphrase, repeat, passphraseOnly });
      clearValues("create-passphrase", "create-repeat");
      unlockedHandler(result.profile);
      showNotice(t("profile.created", { binding: t(`binding.${result.binding}`) }));
    } catch (err) {
      if (isPlatformError(err)) {
        askConsent(true);
        err.extra = t("create.consent_needed");
      }
      throw err;
    }
  }, {
    busyKey: "busy.creating",
    fieldFor: (code) =>
      code.startsWith("platform.") ? "create-consent" : CREATE_FIELDS[code] ?? null,
  });
}

let lockoutTimer = null;

function stopLockout() {
  if (lockoutTimer !== null) clearInterval(lockoutTimer);
  lockoutTimer = null;
  byId("unlock-lockout").hidden = true;
  byId("unlock-form").querySelector("button[type=submit]").disabled = false;
}

/** Counts down to `retryAt` (ms) with the Unlock button disabled, then enables it again. */
function startLockout(retryAt) {
  stopLockout();
  const button = byId("unlock-form").querySelector("button[type=submit]");
  const tick = () => {
    const left = Math.ceil((retryAt - Date.now()) / 1000);
    if (left <= 0) {
      stopLockout();
      return;
    }
    button.disabled = true;
    const time = clockText(left);
    byId("unlock-lockout-text").textContent = t("unlock.wait", { time });
    byId("unlock-lockout").hidden = false;
  };
  tick();
  if (retryAt > Date.now()) lockoutTimer = setInterval(tick, 1000);
}

/** Asks the server whether unlocking is held back now (the status needs no unlock). */
async function refreshLockout() {
  try {
    const s = await post("profile/status", {}, { activity: false });
    const retryAt = s.retryAt === null ? null : Date.parse(s.retryAt);
    if (retryAt !== null && retryAt > Date.now()) startLockout(retryAt);
    else stopLockout();
  } catch {
    stopLockout();
  }
}

async function unlock(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const passphrase = takeValue("unlock-passphrase");
  await busy(form, async () => {
    try {
      const result = await post("profile/unlock", { passphrase });
      stopLockout();
      unlockedHandler(result.profile);
    } catch (err) {
      if (err?.code === "profile.locked_out" || err?.code === "profile.bad_passphrase") {
        await refreshLockout();
      }
      throw err;
    }
  }, { busyKey: "busy.unlocking", fieldFor: () => "unlock-passphrase" });
  if (lockoutTimer !== null) form.querySelector("button[type=submit]").disabled = true;
}

function fact(list, labelKey, value) {
  list.append(el("dt", { text: t(labelKey) }), el("dd", { text: value }));
}

async function showProfile() {
  const list = byId("profile-facts");
  clear(list);
  if (unlockedInfo === null) return;
  fact(list, "profile.fact.location", unlockedInfo.location);
  fact(list, "profile.fact.id", unlockedInfo.profileId);
  fact(list, "profile.fact.created", dateText(unlockedInfo.createdAt));
  list.append(
    el("dt", { text: t("profile.fact.identity") }),
    el("dd", {}, [identityNode(unlockedInfo.identity)]),
  );
  try {
    const s = await post("profile/status");
    fact(list, "profile.fact.binding", t(`binding.${s.binding}`));
    fact(
      list,
      "profile.fact.argon2",
      t("profile.argon2", {
        t: s.argon2.iterations,
        m: s.argon2.memoryKiB,
        p: s.argon2.parallelism,
      }),
    );
    fact(list, "profile.fact.sessions", String(s.sessions));
    byId("bind-form").hidden = s.binding !== "passphrase-only";
    byId("profile-passphrase-only").hidden = s.binding !== "passphrase-only";
  } catch (err) {
    showError(err);
  }
}

const CHANGE_FIELDS = {
  "profile.bad_passphrase": "change-old",
  "profile.locked_out": "change-old",
  "passphrase.weak": "change-new",
  "passphrase.mismatch": "change-repeat",
};

async function changePassphrase(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await busy(form, async () => {
    checkRepeat("change-new", "change-repeat");
    const body = {
      passphrase: takeValue("change-old"),
      newPassphrase: byId("change-new").value,
      repeat: byId("change-repeat").value,
    };
    await post("profile/passphrase", body);
    clearValues("change-new", "change-repeat");
    showNotice(t("profile.passphrase_changed"));
  }, { busyKey: "busy.working", fieldFor: (code) => CHANGE_FIELDS[code] ?? null });
}

async function bind(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const passphrase = takeValue("bind-passphrase");
  await busy(form, async () => {
    const result = await post("profile/bind", { passphrase });
    showNotice(t("profile.bound", { binding: t(`binding.${result.binding}`) }));
    await showProfile();
  }, { fieldFor: (code) => code.startsWith("profile.") ? "bind-passphrase" : null });
}

async function copyIdentity() {
  if (unlockedInfo === null) return;
  const ok = await copyWithClear(unlockedInfo.identity);
  showNotice(ok ? t("copy.done", { seconds: clearDelaySeconds() }) : t("copy.failed"));
}

/** The facts of the unlocked profile (null when locked). */
export function setUnlockedInfo(info) {
  unlockedInfo = info;
}

/** Wires the profile forms; `onUnlocked(info)` runs after a successful create or unlock. */
export function initProfileUi({ onUnlocked }) {
  unlockedHandler = onUnlocked;
  byId("create-form").addEventListener("submit", create);
  byId("unlock-form").addEventListener("submit", unlock);
  byId("passphrase-form").addEventListener("submit", changePassphrase);
  byId("bind-form").addEventListener("submit", bind);
  byId("copy-identity").addEventListener("click", copyIdentity);
  onEnter("profile", showProfile);
  onEnter("unlock", refreshLockout);
  onWipe(() => {
    unlockedInfo = null;
    clear(byId("profile-facts"));
    for (const id of ["change-old", "change-new", "change-repeat", "create-passphrase"]) {
      byId(id).value = "";
    }
    clearValues("bind-passphrase", "unlock-passphrase", "create-repeat");
  });
}
