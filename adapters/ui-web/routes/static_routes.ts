/**
 * GET routes: the page, its files and the message catalog. They hold no secrets (the launch
 * token is in the URL fragment, which browsers never send); the Host and fetch-metadata checks
 * still run first, like on every request.
 *
 * @module
 */

import type { Hono } from "hono";
import { isLanguage, pageCatalog, pickLanguage } from "../message_catalog.ts";
import { STATIC_ASSETS } from "../static_assets.ts";
import type { UiEnv } from "./route_kit.ts";

/** Registers the static files and the catalog on `app`. */
export function staticRoutes(app: Hono<UiEnv>): void {
  for (const [path, asset] of STATIC_ASSETS) {
    app.get(path, () => new Response(asset.body, { headers: { "content-type": asset.type } }));
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
