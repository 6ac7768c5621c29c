// Envelopes: compose and seal (download the envelope), open once and view, save attachments,
// and hide an envelope in a PNG carrier. The message text is shown with textContent only (no
// markup, links stay inert text); images are previewed from blob: URLs of a fixed raster type;
// every attachment downloads as application/octet-stream. Leaving the message, locking or
// closing it drops the text and the attachments the server holds — and because an envelope
// opens only once, the page asks first whenever attachments were not saved yet (closing,
// leaving the Open screen, or opening another envelope).

import { ApiError, post, postForFile, upload } from "./api.js";
import { clearDelaySeconds, copyWithClear } from "./clipboard.js";
import { byId, clear, el, objectUrl, offerDownload } from "./dom.js";
import { t, tn } from "./i18n.js";
import { setWarningSubject } from "./idle.js";
import { busy, showError, showNotice } from "./notices.js";
import { guardLeave, onEnter, onLeave, onWipe } from "./views.js";

/** Image types previewed inline (never SVG or anything else that can carry script). */
const PREVIEW_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
/** Largest attachment previewed inline, in bytes. */
const PREVIEW_MAX_BYTES = 16 * 1024 * 1024;

let messageText = null;
/** Ids of the shown message's attachments not saved yet. */
const unsaved = new Set();
/** What to do when the user agrees to drop unsaved attachments. */
let pendingDrop = null;

function messageShown() {
  return !byId("message-view").hidden;
}

function hideUnsavedQuestion() {
  pendingDrop = null;
  byId("message-unsaved-confirm").hidden = true;
}

/**
 * Runs `proceed` at once when nothing unsaved would be lost; otherwise asks first (in the page,
 * focus on "Keep the message") and runs it only when the user chooses to close anyway.
 */
function hasUnsaved() {
  return messageShown() && unsaved.size > 0;
}

function unlessUnsaved(proceed) {
  if (!hasUnsaved()) {
    proceed();
    return true;
  }
  pendingDrop = proceed;
  byId("message-unsaved-question").textContent = tn("message.unsaved", unsaved.size);
  byId("message-unsaved-confirm").hidden = false;
  byId("message-unsaved-keep").focus();
  return false;
}

function progressOf(id) {
  const bar = byId(id);
  return {
    start() {
      bar.value = 0;
      bar.hidden = false;
    },
    update(sent, total) {
      if (total > 0) bar.value = sent / total;
    },
    stop() {
      bar.hidden = true;
    },
  };
}

function sizeText(bytes) {
  if (bytes < 1024) return t("size.bytes", { n: bytes });
  if (bytes < 1024 * 1024) return t("size.kib", { n: (bytes / 1024).toFixed(1) });
  return t("size.mib", { n: (bytes / 1024 / 1024).toFixed(1) });
}

async function fillRecipients() {
  const select = byId("compose-to");
  clear(select);
  try {
    const { sessions } = await post("sessions/list");
    const active = sessions.filter((s) => s.state === "active");
    for (const s of active) {
      select.append(el("option", { text: s.label, attrs: { value: s.label } }));
    }
    byId("compose-none").hidden = active.length > 0;
  } catch (err) {
    showError(err);
  }
}

async function seal(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const result = byId("compose-result");
  clear(result);
  const progress = progressOf("compose-progress");
  await busy(form, async () => {
    const data = new FormData();
    data.append("to", byId("compose-to").value);
    data.append("text", byId("compose-text").value);
    data.append("expiresInMinutes", byId("compose-expires").value);
    data.append("armor", byId("compose-armor").checked ? "true" : "false");
    for (const file of byId("compose-files").files) data.append("attachment", file, file.name);
    progress.start();
    try {
      const { blob, name } = await upload("envelopes/seal", data, {
        onProgress: progress.update,
        expectFile: true,
      });
      const to = byId("compose-to").value;
      byId("compose-text").value = "";
      byId("compose-files").value = "";
      result.append(
        el("p", { text: t("compose.sealed", { label: to, size: sizeText(blob.size) }) }),
        offerDownload(blob, name, t("download.again", { name })),
      );
    } finally {
      progress.stop();
    }
  });
}

function wipeMessage() {
  messageText = null;
  unsaved.clear();
  hideUnsavedQuestion();
  byId("message-view").hidden = true;
  byId("message-text").textContent = "";
  byId("message-heading").textContent = "";
  clear(byId("message-facts"));
  clear(byId("message-attachments"));
  byId("message-attachments-heading").hidden = true;
}

function discard() {
  if (!byId("message-view").hidden) post("envelopes/discard").catch(() => {});
  wipeMessage();
}

async function saveAttachment(a, item) {
  try {
    const { blob, name } = await postForFile("envelopes/attachment", { id: a.id });
    offerDownload(blob, name, name);
    if (unsaved.delete(a.id)) {
      item.querySelector(".name").after(
        el("span", { text: t("message.saved"), className: "saved" }),
      );
    }
  } catch (err) {
    showError(err);
  }
}

async function preview(a, item) {
  try {
    const { blob } = await postForFile("envelopes/attachment", { id: a.id });
    const image = new Blob([blob], { type: a.mediaType });
    const img = el("img", {
      attrs: { src: objectUrl(image), alt: t("message.preview", { name: a.name }) },
    });
    item.append(el("div", { className: "preview" }, [img]));
  } catch (err) {
    showError(err);
  }
}

function showMessage(opened) {
  wipeMessage();
  messageText = opened.text;
  byId("message-heading").textContent = t("message.from", { label: opened.from });
  const facts = byId("message-facts");
  const add = (key, value) => facts.append(el("dt", { text: t(key) }), el("dd", { text: value }));
  add("message.sealed_at", opened.createdAt);
  add("message.opened_at", opened.openedAt);
  add("message.expires", opened.expiresAt ?? t("session.none"));
  byId("message-text").textContent = opened.text;
  const list = byId("message-attachments");
  byId("message-attachments-heading").hidden = opened.attachments.length === 0;
  for (const a of opened.attachments) {
    const save = el("button", {
      text: t("message.save"),
      className: "secondary",
      attrs: { type: "button", "aria-label": t("message.save_named", { name: a.name }) },
    });
    const item = el("li", {}, [
      el("span", { text: a.name, className: "name" }),
      el("span", { text: `${sizeText(a.size)} · ${a.mediaType}`, className: "muted" }),
      save,
    ]);
    save.addEventListener("click", () => saveAttachment(a, item));
    unsaved.add(a.id);
    if (PREVIEW_TYPES.has(a.mediaType) && a.size <= PREVIEW_MAX_BYTES) preview(a, item);
    list.append(item);
  }
  byId("message-view").hidden = false;
  byId("message-heading").focus();
  showNotice(t("message.opened_once"));
}

function open(event) {
  event.preventDefault();
  const form = event.currentTarget;
  unlessUnsaved(() => openChosen(form));
}

async function openChosen(form) {
  const progress = progressOf("open-progress");
  await busy(form, async () => {
    discard();
    const file = byId("open-file").files[0];
    if (!file) throw new ApiError(0, "ui.no_file", "");
    progress.start();
    try {
      let opened;
      if (byId("open-carrier").checked) {
        const data = new FormData();
        data.append("image", file, file.name);
        const key = byId("open-key").files[0];
        if (key) data.append("key", key, key.name);
        opened = await upload("carrier/open", data, { onProgress: progress.update });
      } else {
        opened = await upload("envelopes/open", file, {
          onProgress: progress.update,
          contentType: "application/octet-stream",
        });
      }
      form.reset();
      byId("open-key-box").hidden = true;
      showMessage(opened);
    } finally {
      progress.stop();
    }
  });
}

async function embed(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const result = byId("embed-result");
  clear(result);
  const progress = progressOf("embed-progress");
  await busy(form, async () => {
    const data = new FormData();
    const envelope = byId("embed-envelope").files[0];
    if (!envelope) throw new ApiError(0, "ui.no_file", "");
    data.append("envelope", envelope, envelope.name);
    const cover = byId("embed-cover").files[0];
    if (cover) data.append("cover", cover, cover.name);
    const key = byId("embed-key").files[0];
    if (key) data.append("key", key, key.name);
    progress.start();
    try {
      const { blob, name } = await upload("carrier/embed", data, {
        onProgress: progress.update,
        expectFile: true,
      });
      form.reset();
      result.append(
        el("p", { text: t("carrier.done", { size: sizeText(blob.size) }) }),
        offerDownload(blob, name, t("download.again", { name })),
      );
    } finally {
      progress.stop();
    }
  });
}

async function copyMessage() {
  if (messageText === null) return;
  const ok = await copyWithClear(messageText);
  showNotice(ok ? t("copy.done", { seconds: clearDelaySeconds() }) : t("copy.failed"));
}

/** Wires the envelope and carrier screens. */
export function initEnvelopeUi() {
  onEnter("compose", fillRecipients);
  byId("compose-form").addEventListener("submit", seal);
  byId("open-form").addEventListener("submit", open);
  byId("open-carrier").addEventListener("change", (e) => {
    byId("open-key-box").hidden = !e.currentTarget.checked;
  });
  byId("embed-form").addEventListener("submit", embed);
  byId("message-copy").addEventListener("click", copyMessage);
  byId("message-close").addEventListener("click", () => {
    unlessUnsaved(() => {
      discard();
      showNotice(t("message.closed"));
    });
  });
  byId("message-unsaved-keep").addEventListener("click", () => {
    hideUnsavedQuestion();
    const firstUnsaved = byId("message-attachments").querySelector("li:not(:has(.saved)) button");
    (firstUnsaved ?? byId("message-heading")).focus();
  });
  byId("message-unsaved-drop").addEventListener("click", () => {
    const proceed = pendingDrop;
    hideUnsavedQuestion();
    if (proceed) proceed();
  });
  guardLeave("open", (proceed) => !hasUnsaved() || unlessUnsaved(proceed));
  onLeave("open", discard);
  setWarningSubject(messageShown);
  onWipe(() => {
    wipeMessage();
    for (const id of ["compose-form", "open-form", "embed-form"]) byId(id).reset();
    clear(byId("compose-result"));
    clear(byId("embed-result"));
    clear(byId("compose-to"));
  });
}
