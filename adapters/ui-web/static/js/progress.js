// Progress of an upload that may take a while: a bar, the MiB sent of the total and the rate,
// then what the server is doing once every byte is sent, and a Cancel button that aborts the
// request. Aborting leaves nothing behind: the server holds a compose upload in memory only
// and removes a partial upload file when its request ends, and the page offers no download.

import { byId } from "./dom.js";
import { sizeText } from "./files.js";
import { t } from "./i18n.js";

/** Least time between two rate readings, in ms (a steadier number to read). */
const RATE_EVERY_MS = 500;

/**
 * Starts the progress display `prefix` (elements `prefix-progress`, `prefix-progress-text`,
 * `prefix-cancel`). `afterKey` names what happens once the upload is complete ("Sealing…").
 * Returns `update(sent, total)`, `stop()` and the `signal` that Cancel aborts.
 */
export function startProgress(prefix, afterKey) {
  const bar = byId(`${prefix}-progress`);
  const text = byId(`${prefix}-progress-text`);
  const cancel = byId(`${prefix}-cancel`);
  const controller = new AbortController();
  const onCancel = () => controller.abort();
  let mark = { at: performance.now(), sent: 0 };
  let rate = null;
  bar.value = 0;
  bar.hidden = false;
  text.textContent = "";
  text.hidden = false;
  cancel.hidden = false;
  cancel.disabled = false;
  cancel.addEventListener("click", onCancel);
  return {
    signal: controller.signal,
    update(sent, total) {
      if (total <= 0) return;
      bar.value = sent / total;
      const now = performance.now();
      if (now - mark.at >= RATE_EVERY_MS) {
        rate = ((sent - mark.sent) * 1000) / (now - mark.at);
        mark = { at: now, sent };
      }
      text.textContent = sent >= total
        ? t(afterKey)
        : rate === null
        ? t("progress.sent", { sent: sizeText(sent), total: sizeText(total) })
        : t("progress.sent_rate", {
          sent: sizeText(sent),
          total: sizeText(total),
          rate: sizeText(Math.round(rate)),
        });
    },
    stop() {
      cancel.removeEventListener("click", onCancel);
      bar.hidden = true;
      text.hidden = true;
      text.textContent = "";
      cancel.hidden = true;
    },
  };
}
