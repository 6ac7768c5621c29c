/**
 * Loopback request checks run on every request before any route (docs/UI.md "Request rules"):
 *
 * 1. **Host allow-list.** `Host` must be exactly `127.0.0.1:<port>` or `localhost:<port>`. A
 *    DNS-rebinding page reaches the socket under its own name (`evil.example:<port>`) and is
 *    refused here, whatever its Origin says.
 * 2. **Fetch metadata.** `Sec-Fetch-Site` must be present. Requests that change state or return
 *    secrets (every method but GET/HEAD) need `same-origin` *and* an `Origin` equal to
 *    `http://<Host>`. GET/HEAD (the page and its static files, which hold no secrets) may also be
 *    `none`: the user typed or pasted the address. `same-site` is refused on purpose: another
 *    port of 127.0.0.1 is the same *site*, and a page served there is exactly the attacker
 *    SameSite cookies do not stop.
 *
 * A request without `Sec-Fetch-Site` is refused: every browser Plico supports sends it to
 * loopback origins, and no other client has a reason to talk to the UI.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import { UiError } from "./http_errors.ts";

/** The `Host` values the UI answers to when listening on `port`. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Methods that neither change state nor return secrets in this UI. */
const SAFE_METHODS = new Set(["GET", "HEAD"]);

/** Returns the request's allowed Host, or throws `ui.bad_host`. */
export function checkHost(request: Request, port: number): string {
  const host = request.headers.get("host");
  if (host === null || !allowedHosts(port).includes(host)) {
    throw new UiError(
      "ui.bad_host",
      "this address is not Plico's: open the link printed by 'plico ui'",
    );
  }
  return host;
}

/** Throws `ui.cross_origin` unless the fetch metadata and Origin say "this page, this origin". */
export function checkFetchMetadata(request: Request, host: string): void {
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const ownOrigin = `http://${host}`;
  const refuse = (why: string): never => {
    throw new UiError("ui.cross_origin", `request refused: ${why}`);
  };
  if (site === null) refuse("no Sec-Fetch-Site header (use a current browser)");
  if (SAFE_METHODS.has(request.method)) {
    if (site !== "same-origin" && site !== "none") refuse("it comes from another site");
    if (origin !== null && origin !== ownOrigin) refuse("it comes from another origin");
    return;
  }
  if (site !== "same-origin") refuse("it comes from another site");
  if (origin !== ownOrigin) refuse("it comes from another origin");
}

/** Middleware applying `checkHost` and `checkFetchMetadata` to every request. */
export function loopbackGuard(port: number): MiddlewareHandler {
  return async (c, next) => {
    const host = checkHost(c.req.raw, port);
    checkFetchMetadata(c.req.raw, host);
    await next();
  };
}
