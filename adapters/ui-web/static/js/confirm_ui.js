// The safety-code screen. The page shows this side's code to read aloud and asks the user to
// TYPE the code the peer reads back; only a match activates the session (the server compares
// in constant time and counts mismatches). Continuity notes come as data and are worded here.

import { post } from "./api.js";
import { byId, clear, el } from "./dom.js";
import { t, tn } from "./i18n.js";
import { busy, showError, showNotice } from "./notices.js";
import { onWipe, showView } from "./views.js";
import { showQr } from "./qr_ui.js";

let label = null;

function quoteList(labels) {
  return labels.map((l) => `“${l}”`).join(", ");
}

/** Notes about the peer's identity, as catalog sentences. */
function notes({ continuity, repeated, kind }) {
  const list = [];
  if (repeated) {
    list.push({
      text: t(kind === "answer" ? "continuity.repeated_answer" : "continuity.repeated_finish"),
    });
    return list;
  }
  if (!continuity) return list;
  if (continuity.sameIdentityAs.length > 0) {
    list.push({
      text: tn("continuity.same", continuity.sameIdentityAs.length, {
        labels: quoteList(continuity.sameIdentityAs),
      }),
    });
  } else list.push({ text: t("continuity.new") });
  if (continuity.labelReusedWithOtherIdentity) {
    list.push({ text: t("continuity.label_reused", { label }), warning: true });
  }
  return list;
}

function showAttempts(left) {
  byId("confirm-attempts").textContent = tn("confirm.attempts_left", left);
}

/**
 * Shows the screen for session `info.label`: `info.myCode` (formatted, to read aloud), optional
 * continuity data, the attempts left, and an optional download link to send first.
 */
export function showConfirm(info) {
  label = info.label;
  byId("confirm-heading").textContent = t("confirm.title", { label });
  byId("confirm-code").textContent = info.myCode;
  byId("confirm-read").textContent = t("confirm.read_aloud", { label });
  byId("confirm-input-label").textContent = t("confirm.type_code", { label });
  const list = byId("confirm-notes");
  clear(list);
  for (const note of notes(info)) {
    list.append(el("li", { text: note.text, className: note.warning ? "warning" : "" }));
  }
  const download = byId("confirm-download");
  clear(download);
  if (info.downloadLink) {
    download.append(el("p", { text: t("confirm.send_back", { label }) }), info.downloadLink);
  }
  showAttempts(info.attemptsLeft ?? 5);
  showRefused(info.attemptsLeft === 0);
  byId("confirm-input").value = "";
  showView("confirm", { keepMessages: true });
}

/** Opens the screen for an existing unconfirmed session. */
export async function confirmExisting(sessionLabel) {
  const { session } = await post("sessions/show", { label: sessionLabel });
  showConfirm({
    label: session.label,
    myCode: session.myCode,
    attemptsLeft: session.attemptsLeft,
  });
}

async function submit(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const code = byId("confirm-input").value;
  await busy(form, async () => {
    const outcome = await post("sessions/confirm", { label, code });
    if (outcome.confirmed) {
      showView("sessions");
      showNotice(t("confirm.done", { label: outcome.label }));
      return;
    }
    showAttempts(outcome.attemptsLeft);
    showRefused(outcome.attemptsLeft === 0);
    byId("confirm-input").value = "";
    const alert = byId("alert");
    clear(alert);
    alert.append(el("p", {
      text: outcome.attemptsLeft > 0
        ? tn("confirm.mismatch", outcome.attemptsLeft)
        : t("confirm.refused"),
      className: "alert-main",
    }));
    alert.dataset.code = "session.bad_code";
    alert.hidden = false;
    byId(outcome.attemptsLeft > 0 ? "confirm-input" : "confirm-refused-restart").focus();
  }, { busyKey: "busy.checking" });
}

/** A refused session is a dead end: offer to remove it, or to remove it and start again. */
function showRefused(refused) {
  byId("confirm-refused").hidden = !refused;
  byId("confirm-form").hidden = refused;
}

async function removeRefused(restart) {
  const removed = label;
  try {
    await post("sessions/remove", { label: removed });
  } catch (err) {
    showError(err);
    return;
  }
  if (restart) {
    showView("new");
    byId("new-label").value = removed;
    byId("new-label").focus();
  } else showView("sessions");
  showNotice(t("sessions.removed", { label: removed }));
}

/** Wires the confirm form. */
export function initConfirmUi() {
  byId("confirm-form").addEventListener("submit", submit);
  byId("confirm-code-qr").addEventListener("click", () => {
    const code = byId("confirm-code").textContent;
    if (code) showQr(new TextEncoder().encode(code));
  });
  byId("confirm-refused-remove").addEventListener("click", () => removeRefused(false));
  byId("confirm-refused-restart").addEventListener("click", () => removeRefused(true));
  onWipe(() => {
    label = null;
    for (const id of ["confirm-code", "confirm-heading", "confirm-attempts"]) {
      byId(id).textContent = "";
    }
    clear(byId("confirm-notes"));
    clear(byId("confirm-download"));
    byId("confirm-input").value = "";
  });
}
