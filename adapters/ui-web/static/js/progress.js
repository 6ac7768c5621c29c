// Progress of work that may take a while, in three stages: the upload (bytes sent, from the
// browser), the server's sealing or opening (bytes of the message done, asked from
// /api/progress for the job this page named), and the download of the result (bytes received).
// Each shows a bar, MiB done of the total and the rate. Cancel aborts the request and tells the
// server to stop the job. Cancelling leaves nothing behind: a compose upload is only ever in
// memory, a sealed envelope's temporary file is removed when the seal stops, an envelope upload's
// when its request ends, and the page offers no download.

import { post } from "./api.js";
import { byId } from "./dom.js";
import { sizeText } from "./files.js";
import { t } from "./i18n.js";

/** Least time between two rate readings, in ms (a steadier number to read). */
const RATE_EVERY_MS = 500;
/** How often the page asks the server how far its work is, in ms. */
const POLL_MS = 300;

/** A fresh job id: 128 random bits, base64url (22 characters). */
function newJobId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

/** Measures a rate over readings at least `RATE_EVERY_MS` apart. */
function rateMeter() {
  let mark = null;
  let rate = null;
  return (done) => {
    const now = performance.now();
    if (mark === null || done < mark.done) mark = { at: now, done };
    else if (now - mark.at >= RATE_EVERY_MS) {
      rate = ((done - mark.done) * 1000) / (now - mark.at);
      mark = { at: now, done };
    }
    return rate;
  };
}

/** "12 MiB of 100 MiB" or, with a rate, "12 MiB of 100 MiB, 8 MiB/s", under `key`. */
function amountText(key, done, total, rate) {
  const vars = { done: sizeText(done), total: sizeText(total) };
  return rate === null
    ? t(key, vars)
    : t(`${key}_rate`, { ...vars, rate: sizeText(Math.round(rate)) });
}

/**
 * Starts the progress display `prefix` (elements `prefix-progress`, `prefix-progress-text`,
 * `prefix-cancel`). `afterKey` says what happens once the upload is complete ("Sealing…");
 * `phase` ("sealing", "opening" or null) names the server's work to follow. Returns the `job`
 * id to send with the request, `update(sent, total)` for the upload, `download(received,
 * total)` for the answer, `stop()` and the `signal` that Cancel aborts.
 */
export function startProgress(prefix, afterKey, phase = null) {
  const bar = byId(`${prefix}-progress`);
  const text = byId(`${prefix}-progress-text`);
  const cancel = byId(`${prefix}-cancel`);
  const controller = new AbortController();
  const job = phase === null ? null : newJobId();
  let stage = "upload";
  let timer = null;
  const uploadRate = rateMeter();
  const workRate = rateMeter();
  const downloadRate = rateMeter();

  const stopPolling = () => {
    clearTimeout(timer);
    timer = null;
  };
  const poll = async () => {
    timer = null;
    try {
      const view = await post("progress", { id: job }, { activity: false });
      if (stage !== "work") return;
      if (view.total > 0) {
        bar.value = view.done / view.total;
        text.textContent = amountText(
          `progress.${phase}_done`,
          view.done,
          view.total,
          workRate(view.done),
        );
      }
    } catch {
      // not started yet or already finished: the answer itself tells what happened
    }
    if (stage === "work") timer = setTimeout(poll, POLL_MS);
  };
  const onCancel = () => {
    controller.abort();
    stopPolling();
    if (job !== null) post("progress/cancel", { id: job }, { activity: false }).catch(() => {});
  };
  bar.value = 0;
  bar.hidden = false;
  text.textContent = "";
  text.hidden = false;
  cancel.hidden = false;
  cancel.disabled = false;
  cancel.addEventListener("click", onCancel);
  return {
    signal: controller.signal,
    job,
    update(sent, total) {
      if (total <= 0 || stage !== "upload") return;
      bar.value = sent / total;
      if (sent < total) {
        text.textContent = amountText("progress.sent", sent, total, uploadRate(sent));
        return;
      }
      text.textContent = t(afterKey);
      if (job !== null) {
        stage = "work";
        bar.value = 0;
        timer = setTimeout(poll, POLL_MS);
      }
    },
    download(received, total) {
      if (total <= 0) return;
      stage = "download";
      stopPolling();
      bar.value = received / total;
      text.textContent = amountText("progress.received", received, total, downloadRate(received));
    },
    stop() {
      stage = "stopped";
      stopPolling();
      cancel.removeEventListener("click", onCancel);
      bar.hidden = true;
      text.hidden = true;
      text.textContent = "";
      cancel.hidden = true;
    },
  };
}
