// Files coming in: drop zones on every file field, what a file is (from its first bytes, so the
// Open screen needs no "this is an image" checkbox), the server's size limits, and sizes worded
// for people. A file dropped anywhere else on the page is refused instead of the browser
// navigating away to show it (which would also leave an opened message behind).

import { el } from "./dom.js";
import { language, t } from "./i18n.js";

/** The server's limits (from /api/state); these defaults match domain/limits.ts. */
let limits = {
  sealBytes: 128 * 1024 * 1024,
  openBytes: 256 * 1024 * 1024,
  carrierBytes: 64 * 1024 * 1024,
  setupFileBytes: 16 * 1024,
};

/** Takes the limits the server reports. */
export function configureLimits(reported) {
  if (reported && typeof reported === "object") limits = { ...limits, ...reported };
}

/** The limit `name` in bytes ("sealBytes", "openBytes", "carrierBytes", "setupFileBytes"). */
export function limit(name) {
  return limits[name];
}

/** `bytes` in the page's language: "512 bytes", "1.5 KiB", "12.3 MiB". */
export function sizeText(bytes) {
  const number = (n, digits) =>
    new Intl.NumberFormat(language(), { maximumFractionDigits: digits }).format(n);
  if (bytes < 1024) return t("size.bytes", { n: number(bytes, 0) });
  if (bytes < 1024 * 1024) return t("size.kib", { n: number(bytes / 1024, 1) });
  if (bytes < 1024 * 1024 * 1024) return t("size.mib", { n: number(bytes / 1024 / 1024, 1) });
  return t("size.gib", { n: number(bytes / 1024 / 1024 / 1024, 1) });
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Setup files start with ASCII "PLICO" and a kind byte (PROTOCOL-handshake §2). */
const SETUP_MAGIC = [0x50, 0x4c, 0x49, 0x43, 0x4f];
const SETUP_KIND = { 1: "initiator", 2: "responder" };
/** The BEGIN line of any text form Plico writes, whatever its label. */
const ARMOR_BEGIN = /^-----BEGIN [A-Z0-9 ]*?(INITIATOR|RESPONDER|ENVELOPE)-----/;

function startsWith(bytes, prefix) {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * What the bytes at the start of a file (or pasted text) are: "png", "initiator", "responder",
 * "envelope-text", or "unknown" (a binary envelope looks like random bytes by design).
 */
export function kindOf(head) {
  if (startsWith(head, PNG_SIGNATURE)) return "png";
  if (startsWith(head, SETUP_MAGIC) && SETUP_KIND[head[5]]) return SETUP_KIND[head[5]];
  let text = "";
  for (const b of head.subarray(0, 80)) text += String.fromCharCode(b);
  const armored = ARMOR_BEGIN.exec(text.trimStart());
  if (armored) return armored[1] === "ENVELOPE" ? "envelope-text" : armored[1].toLowerCase();
  return "unknown";
}

/** `kindOf` for a File or Blob. */
export async function kindOfBlob(blob) {
  return kindOf(new Uint8Array(await blob.slice(0, 96).arrayBuffer()));
}

/** Puts `files` into `input` as if chosen there, and tells its listeners. */
export function setFiles(input, files) {
  const transfer = new DataTransfer();
  for (const f of input.multiple ? files : files.slice(0, 1)) transfer.items.add(f);
  input.files = transfer.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

function dropZone(input) {
  const zone = el("div", { className: "drop" });
  input.replaceWith(zone);
  const key = input.multiple ? "drop.hint_many" : "drop.hint";
  // Named by data-i18n so that switching the language rewords it with the rest of the page.
  const hint = el("p", { text: t(key), className: "hint", attrs: { "aria-hidden": "true" } });
  hint.dataset.i18n = key;
  zone.append(input, hint);
  zone.addEventListener("dragover", (e) => {
    if (!e.dataTransfer?.types.includes("Files")) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    e.stopPropagation();
    zone.classList.remove("over");
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length > 0 && !input.disabled) setFiles(input, files);
  });
}

/** Makes every file field of the page a drop zone; refuses drops anywhere else. */
export function initDropZones() {
  for (const input of document.querySelectorAll("input[type=file]")) dropZone(input);
  for (const type of ["dragover", "drop"]) {
    document.addEventListener(type, (e) => {
      if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
    });
  }
}
