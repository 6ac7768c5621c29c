// Creating, unlocking and managing the profile: the same use cases as `plico profile …`.
// Passphrase fields are emptied as soon as a request is sent and on every lock.

import { post } from "./api.js";
import { clearDelaySeconds, copyWithClear } from "./clipboard.js";
import { byId, clear, el } from "./dom.js";
import { t } from "./i18n.js";
import { busy, showError, showNotice } from "./notices.js";
import { onEnter, onWipe } from "./views.js";

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

function isPlatformError(err) {
  return typeof err?.code === "string" && err.code.startsWith("platform.");
}

async function create(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const passphrase = takeValue("create-passphrase");
  const repeat = takeValue("create-repeat");
  const passphraseOnly = byId("create-consent").checked;
  await busy(form, async () => {
    try {
      const result = await post("profile/create", { passphrase, repeat, passphraseOnly });
      unlockedHandler(result.profile);
      showNotice(t("profile.created", { binding: t(`binding.${result.binding}`) }));
    } catch (err) {
      if (isPlatformError(err)) askConsent(true);
      throw err;
    }
  });
}

async function unlock(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const passphrase = takeValue("unlock-passphrase");
  await busy(form, async () => {
    const result = await post("profile/unlock", { passphrase });
    unlockedHandler(result.profile);
  });
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
  fact(list, "profile.fact.created", unlockedInfo.createdAt);
  fact(list, "profile.fact.identity", unlockedInfo.identity);
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

async function changePassphrase(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const body = {
    passphrase: takeValue("change-old"),
    newPassphrase: takeValue("change-new"),
    repeat: takeValue("change-repeat"),
  };
  await busy(form, async () => {
    await post("profile/passphrase", body);
    showNotice(t("profile.passphrase_changed"));
  });
}

async function bind(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const passphrase = takeValue("bind-passphrase");
  await busy(form, async () => {
    const result = await post("profile/bind", { passphrase });
    showNotice(t("profile.bound", { binding: t(`binding.${result.binding}`) }));
    await showProfile();
  });
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
  onWipe(() => {
    unlockedInfo = null;
    clear(byId("profile-facts"));
    for (const id of ["unlock-passphrase", "change-old", "change-new", "change-repeat"]) {
      byId(id).value = "";
    }
    byId("bind-passphrase").value = "";
  });
}
