// Small DOM helpers. User data (labels, file names, message text) is only ever inserted with
// textContent or as attribute values set through the DOM — never as markup.

/** The element with this id (throws when the page is missing it: a bug). */
export function byId(id) {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`missing element #${id}`);
  return node;
}

/** A new element with optional text, class names and attributes. */
export function el(tag, { text, className, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  if (attrs) { for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v); }
  for (const child of children) node.append(child);
  return node;
}

/** Removes every child of `node`. */
export function clear(node) {
  node.replaceChildren();
}

/** Shows or hides `node`. */
export function setShown(node, shown) {
  node.hidden = !shown;
}

/** Bytes of standard base64 text. */
export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Standard base64 of bytes. */
export function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The contents of a chosen file as base64. */
export async function fileAsBase64(file) {
  return toBase64(new Uint8Array(await file.arrayBuffer()));
}

const objectUrls = new Set();

/** A blob: URL that is revoked on the next `revokeAll()` (lock). */
export function objectUrl(blob) {
  const url = URL.createObjectURL(blob);
  objectUrls.add(url);
  return url;
}

/** Revokes every blob: URL the page made. */
export function revokeAll() {
  for (const url of objectUrls) URL.revokeObjectURL(url);
  objectUrls.clear();
}

/**
 * Offers `blob` as a download named `name`: starts it at once and returns a link the user can
 * use again. The blob's type is forced to application/octet-stream so that the browser never
 * renders it, whatever it contains.
 */
export function offerDownload(blob, name, linkText) {
  const safe = new Blob([blob], { type: "application/octet-stream" });
  const url = objectUrl(safe);
  const link = el("a", { text: linkText, className: "download", attrs: { href: url } });
  link.download = name;
  link.rel = "noopener";
  const auto = el("a", { attrs: { href: url, hidden: "" } });
  auto.download = name;
  document.body.append(auto);
  auto.click();
  auto.remove();
  return link;
}
