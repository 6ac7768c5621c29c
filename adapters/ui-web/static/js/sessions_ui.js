// Sessions: the list with details (export, remove, confirm), and the two-file setup — start
// (download the initiator file), answer (upload it, download the responder file) and finish
// (upload the responder file). The same use cases as `plico session …`.

import { ApiError, post } from "./api.js";
import { confirmExisting, showConfirm } from "./confirm_ui.js";
import { byId, clear, el, fileAsBase64, fromBase64, offerDownload, toBase64 } from "./dom.js";
import { limit } from "./files.js";
import { writeTo } from "./compose_ui.js";
import { dateText, dayText, identityNode } from "./format.js";
import { t } from "./i18n.js";
import { qrButton } from "./qr_ui.js";
import { busy, showError, showNotice } from "./notices.js";
import { onEnter, onWipe, showView } from "./views.js";

/** The download of a setup file, with a button to show it as QR codes instead. */
function downloadLink(file) {
  const blob = new Blob([fromBase64(file.base64)], { type: file.type });
  const link = offerDownload(blob, file.name, t("download.again", { name: file.name }));
  const qr = qrButton(blob);
  return qr === null ? link : el("span", { className: "download-row" }, [link, " ", qr]);
}

/**
 * The setup file of form `prefix` as base64: the chosen (or dropped) file, else the pasted text
 * form. The size is checked here, before anything is sent.
 */
async function chosenSetup(prefix) {
  const file = byId(`${prefix}-file`).files[0];
  const pasted = new TextEncoder().encode(byId(`${prefix}-paste`).value.trim());
  if (!file && pasted.length === 0) throw new ApiError(0, "ui.no_file", "");
  const size = file ? file.size : pasted.length;
  if (size > limit("setupFileBytes")) throw new ApiError(0, "ui.too_large", "");
  return file ? await fileAsBase64(file) : toBase64(pasted);
}

/** Codes about the file given (damaged, wrong kind, too large, missing). */
const FILE_CODES = /^(input|crypto|ui\.no_file|ui\.too_large|carrier)/;

function cell(text) {
  return el("td", { text });
}

async function refreshList() {
  const rows = byId("session-rows");
  clear(rows);
  hideDetail();
  let sessions;
  try {
    ({ sessions } = await post("sessions/list"));
  } catch (err) {
    showError(err);
    return;
  }
  byId("session-empty").hidden = sessions.length > 0;
  byId("session-empty-actions").hidden = sessions.length > 0;
  byId("session-table").hidden = sessions.length === 0;
  for (const s of sessions) {
    const details = el("button", {
      text: t("sessions.details"),
      attrs: { type: "button", "aria-label": t("sessions.details_for", { label: s.label }) },
    });
    details.addEventListener("click", () => showDetail(s));
    const actions = el("td", { className: "row-actions" }, [details]);
    // The next step of each session, one click away.
    if (s.state === "active") {
      const write = el("button", { text: t("sessions.write_to", { label: s.label }) });
      write.addEventListener("click", () => writeTo(s.label));
      actions.prepend(write);
    } else if (s.state === "unconfirmed") {
      const compare = el("button", { text: t("session.confirm"), attrs: { type: "button" } });
      compare.addEventListener("click", () => confirmExisting(s.label).catch(showError));
      actions.prepend(compare);
    }
    const row = el("tr", {}, [
      el("th", { text: s.label, attrs: { scope: "row" } }),
      cell(t(`state.${s.state}`)),
      cell(t(`codestatus.${s.safetyCodeStatus}`)),
      cell(dayText(s.createdAt)),
      actions,
    ]);
    row.dataset.label = s.label;
    rows.append(row);
  }
}

let detailLabel = null;

function hideDetail() {
  detailLabel = null;
  byId("session-detail").hidden = true;
  clear(byId("detail-facts"));
  clear(byId("detail-downloads"));
  byId("detail-remove-confirm").hidden = true;
}

function showDetail(s) {
  hideDetail();
  detailLabel = s.label;
  byId("detail-heading").textContent = s.label;
  const facts = byId("detail-facts");
  const add = (key, value) => facts.append(el("dt", { text: t(key) }), el("dd", { text: value }));
  add("session.fact.state", t(`state.${s.state}`));
  add("session.fact.role", t(`role.${s.role}`));
  add("session.fact.code", t(`codestatus.${s.safetyCodeStatus}`));
  add("session.fact.created", dateText(s.createdAt));
  add("session.fact.expires", dateText(s.expiresAt));
  facts.append(
    el("dt", { text: t("session.fact.peer") }),
    el("dd", {}, [identityNode(s.peerIdentity)]),
  );
  add("session.fact.window", String(s.skippedKeyWindow));
  if (s.state === "unconfirmed") add("session.fact.attempts", String(s.attemptsLeft));
  byId("detail-confirm").hidden = s.state !== "unconfirmed";
  byId("detail-show-code").hidden = s.state !== "active";
  byId("detail-write").hidden = s.state !== "active";
  byId("detail-export").hidden = s.state === "refused";
  byId("detail-export-armored").hidden = s.state === "refused";
  byId("session-detail").hidden = false;
  byId("detail-heading").focus();
}

/**
 * Shows both safety codes of a confirmed session again (to compare once more, by voice): the
 * one this side reads aloud, then the peer's. The server gives the peer's code only once the
 * session is confirmed (PROTOCOL-handshake §10).
 */
async function showCode() {
  const label = detailLabel;
  try {
    const { session } = await post("sessions/show", { label });
    const area = byId("detail-downloads");
    clear(area);
    const code = (text) => el("p", { text, className: "code", attrs: { translate: "no" } });
    area.append(
      el("p", { text: t("session.code_again", { label }) }),
      code(session.myCode ?? t("session.none")),
      ...(session.myCode ? [qrButton(new Blob([session.myCode]), "qr.show_code")] : []),
      el("p", { text: t("session.peer_code_again", { label }) }),
      code(session.peerCode ?? t("session.none")),
    );
  } catch (err) {
    showError(err);
  }
}

async function exportFile(armor) {
  const label = detailLabel;
  try {
    const out = await post("sessions/export", { label, armor });
    const area = byId("detail-downloads");
    clear(area);
    area.append(downloadLink(out.file));
  } catch (err) {
    showError(err);
  }
}

async function removeConfirmed() {
  const label = detailLabel;
  try {
    await post("sessions/remove", { label });
    await refreshList();
    showNotice(t("sessions.removed", { label }));
  } catch (err) {
    showError(err);
  }
}

async function startNew(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const result = byId("new-result");
  clear(result);
  await busy(form, async () => {
    const out = await post("sessions/new", {
      label: byId("new-label").value,
      lifetimeDays: Number(byId("new-lifetime").value),
      window: Number(byId("new-window").value),
      armor: byId("new-armor").checked,
    });
    result.append(
      el("p", { text: t("new.started", { label: out.label }) }),
      downloadLink(out.file),
    );
    byId("new-label").value = "";
  }, { busyKey: "busy.starting", fieldFor: () => "new-label" });
}

async function answer(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await busy(form, async () => {
    const file = await chosenSetup("answer");
    const out = await post("sessions/answer", {
      label: byId("answer-label").value,
      armor: byId("answer-armor").checked,
      file,
    });
    form.reset();
    showConfirm({ ...out, kind: "answer", downloadLink: downloadLink(out.file) });
  }, {
    busyKey: "busy.answering",
    fieldFor: (code) => FILE_CODES.test(code) ? "answer-file" : "answer-label",
  });
}

async function finish(event) {
  event.preventDefault();
  const form = event.currentTarget;
  await busy(form, async () => {
    const file = await chosenSetup("finish");
    const out = await post("sessions/finish", { file });
    form.reset();
    showConfirm({ ...out, kind: "finish" });
  }, { busyKey: "busy.checking", fieldFor: () => "finish-file" });
}

/** Wires the session screens. */
export function initSessionsUi() {
  onEnter("sessions", refreshList);
  byId("new-form").addEventListener("submit", startNew);
  byId("answer-form").addEventListener("submit", answer);
  byId("finish-form").addEventListener("submit", finish);
  byId("detail-export").addEventListener("click", () => exportFile(false));
  byId("detail-show-code").addEventListener("click", showCode);
  byId("detail-write").addEventListener("click", () => writeTo(detailLabel));
  byId("empty-start").addEventListener("click", () => showView("new"));
  byId("empty-answer").addEventListener("click", () => showView("answer"));
  byId("detail-export-armored").addEventListener("click", () => exportFile(true));
  byId("detail-confirm").addEventListener("click", () => {
    confirmExisting(detailLabel).catch(showError);
  });
  byId("detail-remove").addEventListener("click", () => {
    byId("detail-remove-confirm").hidden = false;
    byId("detail-remove-yes").focus();
  });
  byId("detail-remove-yes").addEventListener("click", removeConfirmed);
  byId("detail-remove-no").addEventListener("click", () => {
    byId("detail-remove-confirm").hidden = true;
  });
  byId("session-refresh").addEventListener("click", refreshList);
  onWipe(() => {
    clear(byId("session-rows"));
    hideDetail();
    clear(byId("new-result"));
    for (const id of ["new-form", "answer-form", "finish-form"]) byId(id).reset();
  });
}
