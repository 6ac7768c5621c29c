// Showing a small file as QR codes (PROTOCOL-qr), for machines that share no cable or USB
// stick: a setup file, a short envelope or one's own safety code. The server splits the bytes
// the page already holds into parts and returns the modules of each code; the page draws them
// as SVG, black on white whatever the theme, one at a time: by click, with Next/Previous or
// the arrow keys, or advancing by itself.

import { post } from "./api.js";
import { byId, clear, toBase64 } from "./dom.js";
import { t } from "./i18n.js";
import { showError } from "./notices.js";
import { onWipe } from "./views.js";

/** Largest file shown as codes (domain/limits.ts QR_MAX_PAYLOAD_BYTES). */
export const QR_MAX_BYTES = 12 * 1024;
/** Time each code stays on screen when advancing by itself. */
const AUTO_ADVANCE_MS = 1500;
const SVG = "http://www.w3.org/2000/svg";

let codes = [];
let index = 0;
let timer = null;

/** One code as an SVG: a white square and one black path of the dark runs of each row. */
function drawCode(rows) {
  const n = rows.length;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${n} ${n}`);
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const ground = document.createElementNS(SVG, "rect");
  ground.setAttribute("width", String(n));
  ground.setAttribute("height", String(n));
  ground.setAttribute("fill", "#fff");
  let d = "";
  rows.forEach((row, y) => {
    for (const run of row.matchAll(/1+/g)) {
      d += `M${run.index} ${y}h${run[0].length}v1h-${run[0].length}z`;
    }
  });
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("fill", "#000");
  path.setAttribute("d", d);
  svg.append(ground, path);
  return svg;
}

function render() {
  const count = codes.length;
  const button = byId("qr-code");
  clear(button);
  button.append(drawCode(codes[index]));
  button.setAttribute("aria-label", t("qr.code_label", { n: index + 1, count }));
  byId("qr-count").textContent = t("qr.count", { n: index + 1, count });
  byId("qr-prev").disabled = count < 2;
  byId("qr-next").disabled = count < 2;
  byId("qr-auto").disabled = count < 2;
}

function step(by) {
  if (codes.length === 0) return;
  index = (index + by + codes.length) % codes.length;
  render();
}

function stopAuto() {
  if (timer !== null) clearInterval(timer);
  timer = null;
}

function close() {
  stopAuto();
  codes = [];
  clear(byId("qr-code"));
  const dialog = byId("qr-dialog");
  if (dialog.open) dialog.close();
}

/** Asks the server for the codes of `bytes` and shows the first. */
export async function showQr(bytes) {
  try {
    const out = await post("qr/show", { data: toBase64(bytes) });
    codes = out.codes;
    index = 0;
    byId("qr-auto").checked = false;
    stopAuto();
    render();
    byId("qr-dialog").showModal();
    byId("qr-code").focus();
  } catch (err) {
    showError(err);
  }
}

/**
 * A "Show as QR codes" button for `blob` (null when it is too large to show), with the label
 * `key` of the catalog.
 */
export function qrButton(blob, key = "qr.show") {
  if (blob.size === 0 || blob.size > QR_MAX_BYTES) return null;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary qr-open";
  button.dataset.i18n = key;
  button.textContent = t(key);
  button.addEventListener("click", async () => {
    await showQr(new Uint8Array(await blob.arrayBuffer()));
  });
  return button;
}

/** Wires the dialog's controls. */
export function initQrUi() {
  byId("qr-code").addEventListener("click", () => step(1));
  byId("qr-next").addEventListener("click", () => step(1));
  byId("qr-prev").addEventListener("click", () => step(-1));
  byId("qr-close").addEventListener("click", close);
  byId("qr-dialog").addEventListener("close", close);
  byId("qr-dialog").addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight") step(1);
    else if (e.key === "ArrowLeft") step(-1);
  });
  byId("qr-auto").addEventListener("change", (e) => {
    stopAuto();
    if (e.currentTarget.checked) timer = setInterval(() => step(1), AUTO_ADVANCE_MS);
  });
  onWipe(close);
}
