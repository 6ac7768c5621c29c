// One place for what the page tells people: an alert region for errors (role="alert") and a
// status region for successes (role="status"), both worded from the catalog. A form error takes
// the focus and offers a link to the field to correct (then the field gets it), and marks that
// field invalid; what the user typed stays where it was.

import { byId, clear, el } from "./dom.js";
import { has, t } from "./i18n.js";

/** The catalog's words for an error code, with a fallback for unknown codes. */
export function errorText(code) {
  return has(`error.${code}`) ? t(`error.${code}`) : t("error.unknown", { code });
}

/**
 * Codes whose server detail adds something the catalog sentence cannot say (which passphrase
 * rule failed, which limit, what state). Elsewhere the detail is left out: it is English, and
 * it may speak the command line's language.
 */
const DETAIL_CODES = new Set([
  "passphrase.weak",
  "envelope.limit",
  "input.too_large",
  "session.wrong_state",
  "usage",
  "ui.bad_request",
]);

let invalidField = null;

function clearInvalid() {
  if (invalidField !== null) invalidField.removeAttribute("aria-invalid");
  invalidField = null;
}

/**
 * Shows an error (an ApiError or anything thrown) in the alert region. With `field` (an input
 * element), the alert takes the focus, links to that field, and the field is marked invalid.
 * `extra` is a further catalog sentence saying what to do.
 */
export function showError(err, { field = null, extra = null } = {}) {
  const alert = byId("alert");
  const code = typeof err?.code === "string" ? err.code : "internal";
  clear(alert);
  clearInvalid();
  alert.append(el("p", { text: errorText(code), className: "alert-main" }));
  if (extra !== null) alert.append(el("p", { text: extra }));
  if (DETAIL_CODES.has(code) && typeof err?.detail === "string" && err.detail !== "") {
    alert.append(el("p", { text: t("error.detail", { detail: err.detail }), className: "detail" }));
  }
  alert.dataset.code = code;
  alert.hidden = false;
  byId("notice").hidden = true;
  if (field !== null) {
    invalidField = field;
    field.setAttribute("aria-invalid", "true");
    const label = field.labels?.[0]?.textContent ?? "";
    const go = el("a", {
      text: t("error.go_to_field", { field: label.trim() }),
      attrs: { href: `#${field.id}` },
    });
    go.addEventListener("click", (e) => {
      e.preventDefault();
      field.focus();
    });
    alert.append(el("p", {}, [go]));
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
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
  clearInvalid();
  const alert = byId("alert");
  clear(alert);
  delete alert.dataset.code;
  alert.hidden = true;
  const notice = byId("notice");
  notice.textContent = "";
  notice.hidden = true;
}

/**
 * Runs `work` with `form`'s buttons disabled and its submit button saying what is happening
 * (`busyKey`, a catalog key), showing any error; returns its result. `fieldFor(code)` names the
 * id of the field an error code is about (the error then links to it).
 */
export async function busy(form, work, { fieldFor = () => null, busyKey = "busy.working" } = {}) {
  // A Cancel button stays usable while the work runs.
  const buttons = [...form.querySelectorAll("button:not([data-cancel])")];
  const submit = form.querySelector("button[type=submit]");
  const label = submit?.textContent ?? "";
  for (const b of buttons) b.disabled = true;
  if (submit) submit.textContent = t(busyKey);
  form.setAttribute("aria-busy", "true");
  try {
    clearMessages();
    return await work();
  } catch (err) {
    const id = typeof err?.code === "string" ? fieldFor(err.code) : null;
    const field = id ? document.getElementById(id) : null;
    if (submit) submit.textContent = label;
    if (err?.code === "ui.cancelled") showNotice(t("progress.cancelled"));
    else showError(err, { field: field ?? null, extra: err?.extra ?? null });
    return undefined;
  } finally {
    if (submit && submit.textContent === t(busyKey)) submit.textContent = label;
    for (const b of buttons) b.disabled = false;
    form.removeAttribute("aria-busy");
  }
}
