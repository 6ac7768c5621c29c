/**
 * The vendored pdf.js files as text (static imports, so `deno compile` embeds them). Imported
 * only through `pdfjsText` (pdf_preview.ts), when the page first asks for them.
 *
 * @module
 */

import pdfJs from "./static/vendor/pdfjs/pdf.min.mjs" with { type: "text" };
import pdfWorkerJs from "./static/vendor/pdfjs/pdf.worker.min.mjs" with { type: "text" };

/** File name → text. */
export const PDFJS_TEXTS: ReadonlyMap<string, string> = new Map([
  ["pdf.min.mjs", pdfJs],
  ["pdf.worker.min.mjs", pdfWorkerJs],
]);
