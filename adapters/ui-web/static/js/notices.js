// One place for what the page tells people: an alert region for errors (role="alert") and a
// status region for successes (role="status"), both worded from the catalog.

import { byId, clear, el } from "./dom.js";
import { has, t } from "./i18n.js";

/** The catalog's words for an error code, with a fallback for unknown codes. */
export function errorText(code) {
  return has(`error.${code}`) ? t(`error.${code}`) : t("error.unknown", { code });
}

/** Shows an error (an ApiError or anything thrown) in the alert region. */
export function showError(err) {
  const alert = byId("alert");
  const code = typeof err?.code === "string" ? err.code : "internal";
  clear(alert);
  alert.append(el("p", { text: errorText(code), className: "alert-main" }));
  // The server's detail is English; it adds precision (which passphrase rule, how long to
  // wait) and never contains secrets.
  if (typeof err?.detail === "string" && err.detail !== "") {
    alert.append(el("p", { text: t("error.detail", { detail: err.detail }), className: "detail" }));
  }
  alert.dataset.code = code;
  alert.hidden = false;
  byId("notice").hidden = true;
}

/** Shows a success or information message in the status region. */
export function showNotice(text) {
  const notice = byId("notice");
  notice.textContent = text;
  notice.hidden = false;
  byId("alert").hidden = true;
}

/** Hides both regions. */
export function clearMessages() {
  const alert = byId("alert");
  clear(alert);
  delete alert.dataset.code;
  alert.hidden = true;
  const notice = byId("notice");
  notice.textContent = "";
  notice.hidden = true;
}

/** Runs `work` with `form`'s submit button disabled, showing any error; returns its result. */
export async function busy(form, work) {
  const buttons = form.querySelectorAll("button");
  for (const b of buttons) b.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    clearMessages();
    return await work();
  } catch (err) {
    showError(err);
    return undefined;
  } finally {
    for (const b of buttons) b.disabled = false;
    form.removeAttribute("aria-busy");
  }
}
