// Scanning QR codes with the camera (PROTOCOL-qr). The camera is asked for only when the user
// opens the scanner, and stopped when it closes. Each frame is read in this page by the `qr`
// package's decoder: no frame leaves the page. Only the bytes of a code found go to the server,
// which collects the parts of one sequence (any order, repeats ignored, a code of another
// sequence or a damaged one refused without changing anything) and hands back the whole file.
// The file then goes where an uploaded file goes — the file field of Answer, Finish or Open,
// with the same parsers, limits and sandbox — and a scanned safety code is submitted through
// the Compare form exactly as if typed (same attempt counting).

import decodeQR from "/vendor/qr/decode.js";
import { ApiError, post } from "./api.js";
import { byId, fromBase64, toBase64 } from "./dom.js";
import { setFiles, sizeText } from "./files.js";
import { t } from "./i18n.js";
import { showError, showNotice } from "./notices.js";
import { onWipe } from "./views.js";

/** Pause between two frames read (the decoder takes a few ms per frame). */
const FRAME_MS = 120;

let stream = null;
let timer = null;
let target = null;
let sending = false;
/** Codes already handed to the server in this scan (base64), so a code held still is sent once. */
let sent = new Set();
const canvas = document.createElement("canvas");

function status(text) {
  byId("qr-scan-status").textContent = text;
}

function refused(text) {
  const box = byId("qr-scan-error");
  box.textContent = text;
  box.hidden = text === "";
}

function stopCamera() {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (stream !== null) { for (const track of stream.getTracks()) track.stop(); }
  stream = null;
  const video = byId("qr-scan-video");
  video.pause();
  video.srcObject = null;
}

function close() {
  stopCamera();
  target = null;
  sent = new Set();
  const dialog = byId("qr-scan-dialog");
  if (dialog.open) dialog.close();
}

/** The bytes of the byte-mode code in the current frame, "foreign" for another kind, or null. */
function readFrame(video) {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (width === 0 || height === 0) return null;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(video, 0, 0, width, height);
  const image = context.getImageData(0, 0, width, height);
  const segments = [];
  let text;
  try {
    text = decodeQR(image, {
      textDecoder: (bytes) => {
        segments.push(bytes.slice());
        return "";
      },
    });
  } catch {
    return null; // no code in this frame
  }
  if (text !== "" || segments.length === 0) return "foreign";
  const total = segments.reduce((n, s) => n + s.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const s of segments) {
    bytes.set(s, at);
    at += s.length;
  }
  return bytes;
}

function deliver(bytes) {
  const current = target;
  close();
  if (current.kind === "code") {
    byId("confirm-input").value = new TextDecoder().decode(bytes);
    byId("confirm-form").requestSubmit();
    return;
  }
  const file = new File([bytes], "scanned-qr.bin", { type: "application/octet-stream" });
  setFiles(byId(current.input), [file]);
  showNotice(t("qr.scan_done", { size: sizeText(bytes.length) }));
}

async function send(bytes) {
  const key = toBase64(bytes);
  if (sent.has(key)) return;
  sending = true;
  try {
    const out = await post("qr/scan", { part: key });
    sent.add(key);
    refused("");
    if (out.complete) {
      deliver(fromBase64(out.data));
      return;
    }
    const have = out.count - out.missing.length;
    status(
      `${t("qr.scan_progress", { have, count: out.count })} ` +
        t("qr.scan_missing", { list: out.missing.join(", ") }),
    );
  } catch (err) {
    // A refused code, or one larger than any Plico part (a foreign code): say so and keep
    // scanning — only the camera's bad luck, nothing the command line would do better.
    if (err instanceof ApiError && (err.code === "qr.error" || err.code === "ui.too_large")) {
      sent.add(key); // the same code would be refused again
      refused(t("error.qr.error"));
    } else {
      close();
      showError(err);
    }
  } finally {
    sending = false;
  }
}

function tick() {
  timer = null;
  if (stream === null) return;
  const video = byId("qr-scan-video");
  if (!sending) {
    const found = readFrame(video);
    if (found === "foreign") refused(t("error.qr.error"));
    else if (found !== null) void send(found);
  }
  timer = setTimeout(tick, FRAME_MS);
}

async function restart() {
  sent = new Set();
  refused("");
  status(t("qr.scan_waiting"));
  await post("qr/scan", { restart: true });
}

/** Opens the scanner for `scanTarget`: `{kind: "file", input}` or `{kind: "code"}`. */
export async function openScanner(scanTarget) {
  target = scanTarget;
  const dialog = byId("qr-scan-dialog");
  dialog.showModal();
  try {
    await restart();
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (err) {
    if (err instanceof ApiError) {
      close();
      showError(err);
      return;
    }
    status(t("qr.scan_no_camera"));
    return;
  }
  if (target === null) return stopCamera(); // closed while the browser asked
  const video = byId("qr-scan-video");
  video.srcObject = stream;
  await video.play();
  tick();
}

/** Wires the scan buttons and the dialog. */
export function initQrScan() {
  for (const button of document.querySelectorAll("button[data-scan]")) {
    button.addEventListener("click", () => {
      const name = button.dataset.scan;
      void openScanner(name === "code" ? { kind: "code" } : { kind: "file", input: name });
    });
  }
  byId("qr-scan-cancel").addEventListener("click", close);
  byId("qr-scan-restart").addEventListener("click", () => void restart());
  byId("qr-scan-dialog").addEventListener("close", close);
  onWipe(close);
}
