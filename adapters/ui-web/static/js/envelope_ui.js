// Envelopes: open once and view, save attachments, and hide an envelope in a PNG carrier (the
// Write screen is compose_ui.js). The Open screen takes a file (an envelope, its text form, or a
// carrier image — recognised by its first bytes) or pasted text, and sends a setup file given
// to it where it belongs. The message text is shown with textContent only (no
// markup, links stay inert text); images are previewed from blob: URLs of a fixed raster type;
// every attachment downloads as application/octet-stream. Leaving the message, locking or
// closing it drops the text and the attachments the server holds — and because an envelope
// opens only once, the page asks first whenever attachments were not saved yet (closing,
// leaving the Open screen, or opening another envelope).

import { ApiError, post, postForFile, upload } from "./api.js";
import { clearDelaySeconds, copyWithClear } from "./clipboard.js";
import { writeTo } from "./compose_ui.js";
import { byId, clear, el, objectUrl, offerDownload } from "./dom.js";
import { kindOf, kindOfBlob, limit, setFiles, sizeText } from "./files.js";
import { dateText } from "./format.js";
import { startProgress } from "./progress.js";
import { t, tn } from "./i18n.js";
import { setWarningSubject } from "./idle.js";
import { busy, showError, showNotice } from "./notices.js";
import { guardLeave, onLeave, onWipe, showView } from "./views.js";

/** Image types previewed inline (never SVG or anything else that can carry script). */
const PREVIEW_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
/** Largest attachment previewed inline, in bytes. */
const PREVIEW_MAX_BYTES = 16 * 1024 * 1024;
/** Text types shown as plain text on request (never rendered: no HTML, no SVG). */
const TEXT_TYPES = new Set(["text/plain", "text/csv", "text/markdown", "application/json"]);
/** Largest text attachment shown in the page, in bytes. */
const TEXT_VIEW_MAX_BYTES = 1024 * 1024;
/** PDFs are drawn on request by pdf.js in a sandboxed frame (pdf/frame.js), up to this size. */
const PDF_TYPE = "application/pdf";
const PDF_VIEW_MAX_BYTES = 16 * 1024 * 1024;
/** Pages drawn at most; a longer PDF says so and keeps its Save. */
const PDF_MAX_PAGES = 50;
/** A frame that has not drawn by then (a PDF built to keep pdf.js busy) is removed. */
const PDF_DRAW_TIMEOUT_MS = 30_000;

/** Shows a text attachment in the page as text (textContent in a <pre>), once. */
async function viewText(a, item, button) {
  try {
    const { blob } = await postForFile("envelopes/attachment", { id: a.id });
    const text = new TextDecoder("utf-8", { fatal: false }).decode(await blob.arrayBuffer());
    item.append(el("pre", {
      text,
      className: "message preview-text",
      attrs: { "aria-label": t("message.preview", { name: a.name }), tabindex: "0" },
    }));
    button.remove();
  } catch (err) {
    showError(err);
  }
}

/** pdf.js as text, read once from this server and handed to each preview frame. */
let pdfjsSources = null;

function readPdfjs() {
  pdfjsSources ??= Promise.all(
    ["/pdfjs/pdf.min.mjs", "/pdfjs/pdf.worker.min.mjs"].map(async (path) => {
      let res;
      try {
        res = await fetch(path, { credentials: "same-origin", cache: "no-store" });
      } catch {
        throw new ApiError(0, "ui.offline", "");
      }
      if (!res.ok) throw new ApiError(res.status, "internal", "");
      return await res.text();
    }),
  ).catch((err) => {
    pdfjsSources = null;
    throw err;
  });
  return pdfjsSources;
}

/**
 * Draws a PDF attachment in the page, once: its bytes and pdf.js go to a frame that is an
 * opaque-origin sandbox allowed no request (its own headers say so), so neither the PDF nor a
 * flaw in pdf.js can reach this page, the server or the network. With view only, a PDF that
 * cannot be drawn, or only in part, gets its Save (the envelope opens once).
 */
async function viewPdf(a, item, button, viewOnly) {
  button.disabled = true;
  let bytes;
  let pdfjs;
  let worker;
  try {
    const [{ blob }, sources] = await Promise.all([
      postForFile("envelopes/attachment", { id: a.id }),
      readPdfjs(),
    ]);
    bytes = await blob.arrayBuffer();
    [pdfjs, worker] = sources;
  } catch (err) {
    button.disabled = false;
    showError(err);
    return;
  }
  if (!item.isConnected) return; // the message was closed meanwhile: drop what came
  button.remove();
  const frame = el("iframe", {
    className: "preview-pdf",
    attrs: {
      sandbox: "allow-scripts",
      src: "/pdf/frame.html",
      title: t("message.pdf_frame", { name: a.name }),
    },
  });
  const status = el("p", { text: t("message.pdf_drawing"), className: "muted" });
  const box = el("div", { className: "preview" }, [frame, status]);
  let sent = false;
  const stop = () => {
    removeEventListener("message", onMessage);
    clearTimeout(timer);
    drawing.delete(stop);
    bytes = pdfjs = worker = null; // the message may be dropped: hold none of it
  };
  const fail = () => {
    stop();
    box.remove();
    if (!item.isConnected) return; // the message was closed meanwhile
    item.append(el("p", { text: t("message.pdf_failed"), className: "muted" }));
    if (viewOnly) canOnlySave(a, item);
  };
  const timer = setTimeout(fail, PDF_DRAW_TIMEOUT_MS);
  drawing.add(stop);
  function onMessage(event) {
    if (event.source !== frame.contentWindow || typeof event.data !== "object") return;
    const { type, total, shown, height } = event.data ?? {};
    if (type === "ready" && !sent) {
      sent = true;
      const message = {
        pdfjs,
        worker,
        bytes,
        maxPages: PDF_MAX_PAGES,
        pageLabel: t("message.pdf_page"),
        lang: document.documentElement.lang,
      };
      // An opaque origin can only be addressed as "*"; the window is this frame's, and it has
      // run nothing but its own pinned script yet.
      frame.contentWindow.postMessage(message, "*", [bytes]);
    } else if (type === "drawn" && sent && Number.isSafeInteger(total) && total > 0) {
      stop();
      const drawn = Math.min(Number(shown) || 0, total);
      frame.style.height = `${Math.max(160, Math.min(Number(height) || 0, 4 * innerHeight))}px`;
      status.textContent = drawn < total
        ? t("message.pdf_partial", { shown: String(drawn), total: String(total) })
        : tn("message.pdf_pages", total);
      if (drawn < total && viewOnly) canOnlySave(a, item);
      else undrawn.delete(a.id);
    } else if (type === "failed") {
      fail();
    }
  }
  addEventListener("message", onMessage);
  item.append(box);
}

let messageText = null;
let messageFrom = null;
/** Ids of the shown message's attachments not saved yet. */
const unsaved = new Set();
/**
 * Ids of view-only PDFs not drawn in full yet: they have no Save until drawing fails or stops
 * short, so until drawn they count as unsaved too (closing asks first).
 */
const undrawn = new Set();
/** Stops each PDF preview still drawing (the message is being dropped). */
const drawing = new Set();
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
  return messageShown() && unsaved.size + undrawn.size > 0;
}

function unlessUnsaved(proceed) {
  if (!hasUnsaved()) {
    proceed();
    return true;
  }
  pendingDrop = proceed;
  byId("message-unsaved-question").textContent = tn("message.unsaved", unsaved.size + undrawn.size);
  byId("message-unsaved-confirm").hidden = false;
  byId("message-unsaved-keep").focus();
  return false;
}

function wipeMessage() {
  messageText = null;
  messageFrom = null;
  unsaved.clear();
  undrawn.clear();
  for (const stop of drawing) stop();
  hideUnsavedQuestion();
  byId("message-view").hidden = true;
  byId("message-text").textContent = "";
  byId("message-view-only").hidden = true;
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

/**
 * Offers Save for `a` in `item`; until saved it counts as unsaved. With view only (`viewOnly`),
 * only for an attachment the page cannot show, and the note says why.
 */
function offerSave(a, item, viewOnly) {
  if (viewOnly) {
    item.append(el("span", { text: t("message.view_only_save_only"), className: "muted" }));
  }
  const save = el("button", {
    text: t("message.save"),
    className: "secondary",
    attrs: { type: "button", "aria-label": t("message.save_named", { name: a.name }) },
  });
  save.addEventListener("click", () => saveAttachment(a, item));
  item.append(save);
  unsaved.add(a.id);
}

/** A view-only PDF that could not be drawn in full: Save after all (and no longer "undrawn"). */
function canOnlySave(a, item) {
  undrawn.delete(a.id);
  offerSave(a, item, true);
}

async function preview(a, item, viewOnly) {
  try {
    const { blob } = await postForFile("envelopes/attachment", { id: a.id });
    const image = new Blob([blob], { type: a.mediaType });
    const img = el("img", {
      attrs: { src: objectUrl(image), alt: t("message.preview", { name: a.name }) },
    });
    const box = el("div", { className: "preview" }, [img]);
    // An "image" the browser cannot draw (damaged, or not an image at all) is not shown after
    // all: with view only it must then get its Save, or it would be lost.
    if (viewOnly) {
      img.addEventListener("error", () => {
        box.remove();
        if (item.isConnected) offerSave(a, item, true); // still the message on screen
      }, { once: true });
    }
    item.append(box);
  } catch (err) {
    showError(err);
  }
}

function showMessage(opened) {
  wipeMessage();
  messageText = opened.text;
  messageFrom = opened.from;
  byId("message-heading").textContent = t("message.from", { label: opened.from });
  const facts = byId("message-facts");
  const add = (key, value) => facts.append(el("dt", { text: t(key) }), el("dd", { text: value }));
  add("message.sealed_at", dateText(opened.createdAt));
  add("message.opened_at", dateText(opened.openedAt));
  add("message.expires", dateText(opened.expiresAt));
  byId("message-text").textContent = opened.text;
  const list = byId("message-attachments");
  byId("message-attachments-heading").hidden = opened.attachments.length === 0;
  // The sender's "view only": no Save for what the page can show, and that does not count as
  // unsaved. A courtesy, not a protection (the page says so). An attachment the page cannot show
  // keeps its Save: the envelope opens once, so withholding it would lose the file for good.
  const viewOnly = opened.viewOnly === true;
  byId("message-view-only").hidden = !(viewOnly && opened.attachments.length > 0);
  for (const a of opened.attachments) {
    const text = TEXT_TYPES.has(a.mediaType) && a.size <= TEXT_VIEW_MAX_BYTES;
    const pdf = a.mediaType === PDF_TYPE && a.size <= PDF_VIEW_MAX_BYTES;
    const viewable = text || pdf;
    const previewed = PREVIEW_TYPES.has(a.mediaType) && a.size <= PREVIEW_MAX_BYTES;
    const item = el("li", {}, [
      el("span", { text: a.name, className: "name" }),
      el("span", { text: `${sizeText(a.size)} · ${a.mediaType}`, className: "muted" }),
    ]);
    if (viewable) {
      const view = el("button", {
        text: t("message.view"),
        className: "secondary",
        attrs: { type: "button", "aria-label": t("message.view_named", { name: a.name }) },
      });
      view.addEventListener(
        "click",
        () => text ? viewText(a, item, view) : viewPdf(a, item, view, viewOnly),
      );
      item.append(view);
    }
    if (!viewOnly || !(viewable || previewed)) offerSave(a, item, viewOnly);
    else if (pdf) undrawn.add(a.id);
    if (previewed) preview(a, item, viewOnly);
    list.append(item);
  }
  byId("message-view").hidden = false;
  byId("message-heading").focus();
  // With view only and everything shown there is nothing to save: the usual "save what you want
  // to keep" would contradict the sender's request. A file only Save can reach needs that advice.
  showNotice(
    t(
      viewOnly && opened.attachments.length > 0 && unsaved.size === 0
        ? "message.opened_once_view_only"
        : "message.opened_once",
    ),
  );
}

/**
 * Shows again a message the server still holds because the page never showed it: the tab was
 * closed, or the connection lost, after the envelope was burned.
 */
export async function restoreOpened() {
  let opened = null;
  try {
    ({ opened } = await post("envelopes/current", {}, { activity: false }));
  } catch {
    return; // locked meanwhile: nothing is held any more
  }
  if (opened === null || !byId("message-view").hidden) return;
  showView("open", { keepMessages: true });
  showMessage(opened);
  showNotice(t("message.restored"));
}

function open(event) {
  event.preventDefault();
  const form = event.currentTarget;
  unlessUnsaved(() => openChosen(form));
}

/** Where a setup file goes: the Answer screen (initiator) or the Finish screen (responder). */
const SETUP_TARGET = { initiator: "answer", responder: "finish" };

/** The setup file (File or pasted text) waiting to be taken to its screen. */
let pendingSetup = null;

function hideSetupHint() {
  byId("open-setup").hidden = true;
  pendingSetup = null;
}

/** A setup file was given to Open: say where it goes and offer to take it there. */
function showSetupHint(kind, payload) {
  const target = SETUP_TARGET[kind];
  pendingSetup = { target, payload };
  byId("open-setup-text").textContent = t(`open.setup_${kind}`);
  byId("open-setup-go").textContent = t(`open.setup_go_${target}`);
  byId("open-setup").hidden = false;
  byId("open-setup-go").focus();
}

function moveSetup() {
  if (pendingSetup === null) return;
  const { target, payload } = pendingSetup;
  hideSetupHint();
  byId("open-form").reset();
  byId("open-key-box").hidden = true;
  byId("open-kind").textContent = "";
  showView(target);
  if (payload instanceof File) setFiles(byId(`${target}-file`), [payload]);
  else byId(`${target}-paste`).value = payload;
}

/** Tells, as soon as a file is chosen, what it is; shows the key field for carrier images. */
async function describeChosen() {
  hideSetupHint();
  const file = byId("open-file").files[0];
  byId("open-kind").textContent = "";
  byId("open-key-box").hidden = true;
  if (!file) return;
  const kind = await kindOfBlob(file);
  if (kind === "png") {
    byId("open-kind").textContent = t("open.kind_png");
    byId("open-key-box").hidden = false;
  } else if (SETUP_TARGET[kind]) showSetupHint(kind, file);
}

async function openChosen(form) {
  await busy(form, async () => {
    const file = byId("open-file").files[0];
    const pasted = byId("open-paste").value.trim();
    if (!file && pasted === "") throw new ApiError(0, "ui.no_file", "");
    const body = file ?? new Blob([pasted], { type: "application/octet-stream" });
    const kind = file ? await kindOfBlob(file) : kindOf(new TextEncoder().encode(pasted));
    if (SETUP_TARGET[kind]) {
      showSetupHint(kind, file ?? pasted);
      return;
    }
    const isImage = kind === "png";
    if (body.size > limit(isImage ? "carrierBytes" : "openBytes")) {
      throw new ApiError(0, "ui.too_large", "");
    }
    discard();
    const progress = startProgress("open", "progress.opening", "opening");
    try {
      let opened;
      if (isImage) {
        const data = new FormData();
        data.append("image", body);
        const key = byId("open-key").files[0];
        if (key) data.append("key", key, key.name);
        opened = await upload("carrier/open", data, {
          onProgress: progress.update,
          signal: progress.signal,
          job: progress.job,
        });
      } else {
        opened = await upload("envelopes/open", body, {
          onProgress: progress.update,
          signal: progress.signal,
          job: progress.job,
          contentType: "application/octet-stream",
        });
      }
      form.reset();
      byId("open-key-box").hidden = true;
      byId("open-kind").textContent = "";
      showMessage(opened);
    } finally {
      progress.stop();
    }
  }, { busyKey: "busy.opening", fieldFor: () => "open-file" });
}

async function embed(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const result = byId("embed-result");
  clear(result);
  await busy(form, async () => {
    const data = new FormData();
    const envelope = byId("embed-envelope").files[0];
    if (!envelope) throw new ApiError(0, "ui.no_file", "");
    data.append("envelope", envelope, envelope.name);
    const cover = byId("embed-cover").files[0];
    if (cover) data.append("cover", cover, cover.name);
    const key = byId("embed-key").files[0];
    if (key) data.append("key", key, key.name);
    const progress = startProgress("embed", "progress.hiding");
    try {
      const { blob, name } = await upload("carrier/embed", data, {
        onProgress: progress.update,
        onDownload: progress.download,
        expectFile: true,
        signal: progress.signal,
      });
      form.reset();
      result.append(
        el("p", { text: t("carrier.done", { size: sizeText(blob.size) }) }),
        offerDownload(blob, name, t("download.again", { name })),
      );
    } finally {
      progress.stop();
    }
  }, { busyKey: "busy.hiding", fieldFor: () => "embed-envelope" });
}

async function copyMessage() {
  if (messageText === null) return;
  const ok = await copyWithClear(messageText);
  showNotice(ok ? t("copy.done", { seconds: clearDelaySeconds() }) : t("copy.failed"));
}

/** Wires the envelope and carrier screens. */
export function initEnvelopeUi() {
  byId("open-form").addEventListener("submit", open);
  byId("open-file").addEventListener("change", () => {
    describeChosen().catch(showError);
  });
  byId("open-paste").addEventListener("input", hideSetupHint);
  byId("open-setup-go").addEventListener("click", moveSetup);
  byId("message-reply").addEventListener("click", () => {
    if (messageFrom !== null) writeTo(messageFrom);
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
    hideSetupHint();
    for (const id of ["open-form", "embed-form"]) byId(id).reset();
    byId("open-key-box").hidden = true;
    byId("open-kind").textContent = "";
    clear(byId("embed-result"));
  });
}
