// The Write screen: recipient, text, a list of chosen attachments (name, size, Remove), the
// total against the server's limit — checked here before a single byte is uploaded — and the
// option to hide the envelope in a PNG image in the same step. Sealing is the same use case as
// `plico seal`; the envelope (or the image) comes back as a download with a neutral name.

import { ApiError, post, upload } from "./api.js";
import { byId, clear, el, offerDownload } from "./dom.js";
import { limit, sizeText } from "./files.js";
import { startProgress } from "./progress.js";
import { qrButton } from "./qr_ui.js";
import { t, tn } from "./i18n.js";
import { busy, showError } from "./notices.js";
import { onEnter, onWipe, showView } from "./views.js";

/** The attachments chosen so far (File objects, in order). */
let chosen = [];
/** The expiry preselected on Write, in minutes (the profile's setting). */
let defaultExpiry = "0";

/** Sets the expiry Write preselects (from the profile's settings) and selects it now. */
export function setDefaultExpiry(minutes) {
  defaultExpiry = String(minutes);
  byId("compose-expires").value = defaultExpiry;
}
/** Room kept for the form framing of the upload (field names, boundaries). */
const FORM_OVERHEAD_BYTES = 16 * 1024;

function totalBytes() {
  const text = new TextEncoder().encode(byId("compose-text").value).length;
  return chosen.reduce((sum, f) => sum + f.size, text + FORM_OVERHEAD_BYTES);
}

function renderChosen() {
  const list = byId("compose-list");
  clear(list);
  chosen.forEach((file, index) => {
    const remove = el("button", {
      text: t("compose.remove"),
      className: "secondary",
      attrs: { type: "button", "aria-label": t("compose.remove_named", { name: file.name }) },
    });
    remove.addEventListener("click", () => {
      chosen = chosen.filter((_, i) => i !== index);
      renderChosen();
      byId("compose-files").focus();
    });
    list.append(el("li", {}, [
      el("span", { text: file.name, className: "name" }),
      el("span", { text: sizeText(file.size), className: "muted" }),
      remove,
    ]));
  });
  const total = totalBytes();
  const over = total > limit("sealBytes");
  const line = byId("compose-total");
  line.textContent = chosen.length === 0
    ? t("compose.limit", { limit: sizeText(limit("sealBytes")) })
    : tn("compose.total", chosen.length, {
      size: sizeText(total - FORM_OVERHEAD_BYTES),
      limit: sizeText(limit("sealBytes")),
    });
  line.classList.toggle("warning", over);
}

function addChosen() {
  const input = byId("compose-files");
  chosen = [...chosen, ...input.files];
  input.value = "";
  renderChosen();
}

async function fillRecipients() {
  const select = byId("compose-to");
  const keep = select.value;
  clear(select);
  try {
    const { sessions } = await post("sessions/list");
    const active = sessions.filter((s) => s.state === "active");
    for (const s of active) {
      select.append(el("option", { text: s.label, attrs: { value: s.label } }));
    }
    if (active.some((s) => s.label === keep)) select.value = keep;
    byId("compose-none").hidden = active.length > 0;
  } catch (err) {
    showError(err);
  }
  renderChosen();
}

let pendingRecipient = null;

/** Opens the Write screen addressed to `label` (the "Write to …" and "Reply" buttons). */
export function writeTo(label) {
  pendingRecipient = label;
  showView("compose");
}

async function seal(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const result = byId("compose-result");
  clear(result);
  await busy(form, async () => {
    const total = totalBytes();
    if (total > limit("sealBytes")) {
      throw new ApiError(0, "ui.compose_too_large", "");
    }
    const toImage = byId("compose-carrier").checked;
    const data = new FormData();
    const to = byId("compose-to").value;
    data.append("to", to);
    data.append("text", byId("compose-text").value);
    data.append("expiresInMinutes", byId("compose-expires").value);
    data.append("armor", byId("compose-armor").checked && !toImage ? "true" : "false");
    data.append("viewOnly", byId("compose-view-only").checked ? "true" : "false");
    for (const file of chosen) data.append("attachment", file, file.name);
    const progress = startProgress(
      "compose",
      toImage ? "progress.sealing_image" : "progress.sealing",
      "sealing",
    );
    try {
      let { blob, name } = await upload("envelopes/seal", data, {
        onProgress: progress.update,
        onDownload: progress.download,
        expectFile: true,
        signal: progress.signal,
        job: progress.job,
      });
      if (toImage) {
        const carrier = new FormData();
        carrier.append("envelope", blob, name);
        ({ blob, name } = await upload("carrier/embed", carrier, {
          expectFile: true,
          signal: progress.signal,
        }));
      }
      byId("compose-text").value = "";
      byId("compose-expires").value = defaultExpiry;
      chosen = [];
      renderChosen();
      result.append(
        el("p", {
          text: t(toImage ? "compose.sealed_image" : "compose.sealed", {
            label: to,
            size: sizeText(blob.size),
            name,
          }),
        }),
        offerDownload(blob, name, t("download.again", { name })),
        ...(toImage ? [] : [qrButton(blob)].filter((b) => b !== null)),
      );
    } finally {
      progress.stop();
    }
  }, {
    busyKey: "busy.sealing",
    fieldFor: (code) =>
      code === "ui.compose_too_large"
        ? "compose-files"
        : code.startsWith("session.")
        ? "compose-to"
        : null,
  });
}

/** Wires the Write screen. */
export function initComposeUi() {
  onEnter("compose", async () => {
    renderChosen(); // the size limit shows at once, not after the session list arrives
    await fillRecipients();
    if (pendingRecipient !== null) {
      byId("compose-to").value = pendingRecipient;
      pendingRecipient = null;
      byId("compose-text").focus();
    }
  });
  byId("compose-form").addEventListener("submit", seal);
  byId("compose-files").addEventListener("change", addChosen);
  byId("compose-text").addEventListener("input", () => {
    if (chosen.length > 0) renderChosen();
  });
  byId("compose-carrier").addEventListener("change", (e) => {
    byId("compose-armor").disabled = e.currentTarget.checked;
  });
  onWipe(() => {
    chosen = [];
    byId("compose-form").reset();
    defaultExpiry = "0";
    clear(byId("compose-list"));
    clear(byId("compose-result"));
    clear(byId("compose-to"));
  });
}
