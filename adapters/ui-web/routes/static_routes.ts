/**
 * GET routes: the page, its files and the message catalog. They hold no secrets (the launch
 * token is in the URL fragment, which browsers never send); the Host and fetch-metadata checks
 * still run first, like on every request.
 *
 * @module
 */

import type { Hono } from "hono";
import { isLanguage, pageCatalog, pickLanguage } from "../message_catalog.ts";
import { PDF_FRAME_HTML, PDF_FRAME_PATH, PDFJS_FILES, pdfjsText } from "../pdf_preview.ts";
import { STATIC_ASSETS } from "../static_assets.ts";
import type { UiEnv } from "./route_kit.ts";

/** Registers the static files and the catalog on `app`. */
export function staticRoutes(app: Hono<UiEnv>): void {
  for (const [path, asset] of STATIC_ASSETS) {
    app.get(path, () => new Response(asset.body, { headers: { "content-type": asset.type } }));
  }
  // The PDF preview: its sandboxed frame (headers of its own, security_headers.ts) and pdf.js,
  // which the page reads and hands to the frame.
  app.get(
    PDF_FRAME_PATH,
    () => new Response(PDF_FRAME_HTML, { headers: { "content-type": "text/html; charset=utf-8" } }),
  );
  for (const { path, file } of PDFJS_FILES) {
    const headers = { "content-type": "text/javascript; charset=utf-8" };
    app.get(path, async () => new Response(await pdfjsText(file), { headers }));
  }
  // `?lang=` is the language picked in the page; without it, the browser's Accept-Language.
  app.get("/i18n/catalog.json", (c) => {
    const asked = c.req.query("lang");
    const lang = isLanguage(asked) ? asked : pickLanguage(c.req.header("accept-language") ?? null);
    return new Response(JSON.stringify(pageCatalog(lang)), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-language": lang,
        "vary": "Accept-Language",
      },
    });
  });
}
