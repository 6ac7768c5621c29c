/**
 * GET routes: the page, its files and the message catalog. They hold no secrets (the launch
 * token is in the URL fragment, which browsers never send); the Host and fetch-metadata checks
 * still run first, like on every request.
 *
 * @module
 */

import type { Hono } from "hono";
import { catalogFor, pickLanguage } from "../message_catalog.ts";
import { STATIC_ASSETS } from "../static_assets.ts";
import type { UiEnv } from "./route_kit.ts";

/** Registers the static files and the catalog on `app`. */
export function staticRoutes(app: Hono<UiEnv>): void {
  for (const [path, asset] of STATIC_ASSETS) {
    app.get(path, () => new Response(asset.body, { headers: { "content-type": asset.type } }));
  }
  app.get("/i18n/catalog.json", (c) => {
    const lang = pickLanguage(c.req.header("accept-language") ?? null);
    return new Response(JSON.stringify(catalogFor(lang)), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-language": lang,
        "vary": "Accept-Language",
      },
    });
  });
}
