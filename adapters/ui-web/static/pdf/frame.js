// The PDF preview frame (docs/UI.md "PDF attachments"). This script is inlined into
// /pdf/frame.html, whose policy makes the frame an opaque-origin sandbox that may fetch nothing:
// it cannot read the page, its cookies or the server, and the PDF it draws cannot reach the
// network. The page sends, once, pdf.js (as text, run from blob: URLs made here), the PDF's bytes
// and how many pages to draw; the frame draws them onto canvases with pdf.js's own interpreter
// (never the PDF's scripts, never eval: the policy forbids it) and answers with what it drew.
"use strict";
(() => {
  let started = false;
  // Canvas memory is 4 bytes a pixel: one page gets at most 8 million pixels (drawn smaller
  // otherwise), all pages together 48 million; past that, drawing stops as if the page limit
  // had been reached (the page then says how many were drawn and offers Save).
  const PAGE_MAX_PIXELS = 8_000_000;
  const TOTAL_MAX_PIXELS = 48_000_000;
  const tell = (message) => parent.postMessage(message, "*");
  const moduleUrl = (code) => URL.createObjectURL(new Blob([code], { type: "text/javascript" }));

  async function draw({ pdfjs, worker, bytes, maxPages, pageLabel, lang }) {
    document.documentElement.lang = String(lang);
    const lib = await import(moduleUrl(pdfjs));
    // With the worker's handler on the global, pdf.js parses in this frame (no Worker, which an
    // opaque origin may not start from these files).
    globalThis.pdfjsWorker = await import(moduleUrl(worker));
    const task = lib.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      enableXfa: false,
      disableAutoFetch: true,
      disableStream: true,
      disableRange: true,
      useWasm: false,
    });
    const doc = await task.promise;
    const total = doc.numPages;
    const last = Math.min(total, maxPages);
    const width = Math.max(200, document.documentElement.clientWidth - 16);
    const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
    let pixels = 0;
    let shown = 0;
    for (let n = 1; n <= last; n++) {
      const page = await doc.getPage(n);
      const unit = page.getViewport({ scale: 1 });
      let scale = Math.min(width / unit.width, 2) * ratio;
      scale = Math.min(scale, Math.sqrt(PAGE_MAX_PIXELS / (unit.width * unit.height)));
      const viewport = page.getViewport({ scale });
      pixels += Math.ceil(viewport.width) * Math.ceil(viewport.height);
      if (pixels > TOTAL_MAX_PIXELS) break;
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      canvas.style.display = "block";
      canvas.style.margin = "0 auto 8px";
      canvas.style.width = `${Math.ceil(viewport.width / ratio)}px`;
      canvas.style.background = "#fff";
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", String(pageLabel).replace("{n}", String(n)));
      document.body.append(canvas);
      await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
      page.cleanup();
      shown = n;
    }
    await task.destroy();
    return { total, shown };
  }

  addEventListener("message", async (event) => {
    if (started || event.source !== parent) return;
    started = true;
    try {
      const { total, shown } = await draw(event.data);
      tell({ type: "drawn", total, shown, height: document.documentElement.scrollHeight });
    } catch {
      tell({ type: "failed" });
    }
  });
  document.body.style.margin = "8px 0";
  tell({ type: "ready" });
})();
