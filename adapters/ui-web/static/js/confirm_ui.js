// The safety-code screen. The page shows this side's code to read aloud and asks the user to
// TYPE the code the peer reads back; only a match activates the session (the server compares
// in constant time and counts mismatches). Continuity notes come as data and are worded here.

import { post } from "./api.js";
import { byId, clear, el } from "./dom.js";
import { t } from "./i18n.js";
import { busy, showNotice } from "./notices.js";
import { onWipe, showView } from "./views.js";

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
    list.push({ text: t("continuity.same", { labels: quoteList(continuity.sameIdentityAs) }) });
  } else list.push({ text: t("continuity.new") });
  if (continuity.labelReusedWithOtherIdentity) {
    list.push({ text: t("continuity.label_reused", { label }), warning: true });
  }
  return list;
}

function showAttempts(left) {
  byId("confirm-attempts").textContent = t("confirm.attempts_left", { left });
}

/**
 * Shows the screen for session `info.label`: `info.safetyCode` (formatted), optional
 * continuity data, the attempts left, and an optional download link to send first.
 */
export function showConfirm(info) {
  label = info.label;
  byId("confirm-heading").textContent = t("confirm.title", { label });
  byId("confirm-code").textContent = info.safetyCode;
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
  byId("confirm-input").value = "";
  showView("confirm", { keepMessages: true });
}

/** Opens the screen for an existing unconfirmed session. */
export async function confirmExisting(sessionLabel) {
  const { session } = await post("sessions/show", { label: sessionLabel });
  showConfirm({
    label: session.label,
    safetyCode: session.safetyCode,
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
    byId("confirm-input").value = "";
    const alert = byId("alert");
    clear(alert);
    alert.append(el("p", {
      text: outcome.attemptsLeft > 0
        ? t("confirm.mismatch", { left: outcome.attemptsLeft })
        : t("confirm.refused"),
      className: "alert-main",
    }));
    alert.dataset.code = "session.bad_code";
    alert.hidden = false;
  });
}

/** Wires the confirm form. */
export function initConfirmUi() {
  byId("confirm-form").addEventListener("submit", submit);
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
