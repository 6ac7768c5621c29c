/**
 * The PDF preview's frame (docs/UI.md "PDF attachments"): a page whose own response headers make
 * it an opaque-origin sandbox that runs exactly one inline script (pinned by its hash in the
 * policy) and whatever that script loads from `blob:` URLs it made itself — the vendored pdf.js
 * the page hands it. It may fetch nothing, submit nothing, and only this UI may frame it.
 *
 * pdf.js itself is served like the page's other files (`/pdfjs/…`, same-origin only):
 * the page reads it and passes it on, so the sandboxed frame never sends a request of its own —
 * which the loopback guard would refuse anyway (an opaque origin is "cross-site").
 *
 * @module
 */

import { createHash } from "node:crypto";
import frameSource from "./static/pdf/frame.js" with { type: "text" };

/** Where the frame is served. */
export const PDF_FRAME_PATH = "/pdf/frame.html";

/** The vendored pdf.js files (scripts/vendor_pdfjs.ts): URL path, file name, SHA-256. */
export const PDFJS_FILES: ReadonlyArray<{ path: string; file: string; sha256: string }> = [
  {
    path: "/pdfjs/pdf.min.mjs",
    file: "pdf.min.mjs",
    sha256: "3a88402882cfa3e7e72c2c9b5149f52f0f88baf1c5b62aa11a41abdbc2072440",
  },
  {
    path: "/pdfjs/pdf.worker.min.mjs",
    file: "pdf.worker.min.mjs",
    sha256: "1e64c8240e54735ec5913b37acd5134747799cb8c6bb3777c70adbc01232d2aa",
  },
];

/**
 * The text of the pdf.js file `name` (one of `PDFJS_FILES`). Loaded on first use: its 1.7 MB
 * would otherwise be read by every start of the program, whatever the command (measured:
 * +60–80 ms for `plico version`).
 */
export async function pdfjsText(name: string): Promise<string | null> {
  const { PDFJS_TEXTS } = await import("./pdfjs_texts.ts");
  return PDFJS_TEXTS.get(name) ?? null;
}

/**
 * The frame's script as the browser will hash it: an HTML parser turns CRLF into LF, so a
 * checkout with CRLF line ends must not make the hash miss (the preview would never run).
 */
const frameJs = frameSource.replaceAll("\r\n", "\n");

/** The frame's page: nothing but the inline script. */
export const PDF_FRAME_HTML =
  `<!doctype html><html><head><meta charset="utf-8"><title>PDF</title>` +
  `</head><body><script>${frameJs}</script></body></html>`;

const frameScriptHash = createHash("sha256").update(frameJs).digest("base64");

/** The frame's policy: sandboxed (opaque origin), its one script and blob: modules, no fetches. */
export const PDF_FRAME_POLICY = [
  "sandbox allow-scripts",
  "default-src 'none'",
  `script-src 'sha256-${frameScriptHash}' blob:`,
  "img-src blob: data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join("; ");
