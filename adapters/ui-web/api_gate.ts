/**
 * The gate in front of every `/api/*` route (after the Host and fetch-metadata checks, which
 * run on every request): only POST; a valid session cookie; and the session's CSRF token in the
 * `X-Plico-CSRF` header. Two routes are exempt from parts of it, by design:
 *
 * - `/api/launch` has no session yet: the single-use launch token in its body is the proof.
 * - `/api/state` needs the cookie but not the CSRF token: it changes nothing, and it is how a
 *   reloaded page learns its CSRF token again. Only a same-origin page can read its answer.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import { UiError } from "./http_errors.ts";
import type { UiEnv } from "./routes/route_kit.ts";
import { sessionCookieValues } from "./session_cookie.ts";
import type { UiSessionStore } from "./ui_session.ts";

/** Header carrying the CSRF token. */
export const CSRF_HEADER = "x-plico-csrf";

/** Longest CSRF header value read. */
const CSRF_MAX_CHARS = 256;

/** Middleware authenticating API requests; sets the `session` variable. */
export function apiGate(sessions: UiSessionStore, port: number): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    if (c.req.method !== "POST") {
      throw new UiError("ui.method", "the API takes POST requests only");
    }
    const path = c.req.path;
    if (path === "/api/launch") return await next();
    let session = null;
    // Every value is checked (no early exit), so timing does not tell which one matched.
    for (const value of sessionCookieValues(c.req.raw, port)) {
      const found = sessions.find(value);
      if (found !== null) session = found;
    }
    if (session === null) {
      throw new UiError(
        "ui.no_session",
        "no UI session: open the link printed by 'plico ui' (restart it for a new link)",
      );
    }
    if (path !== "/api/state") {
      const token = c.req.header(CSRF_HEADER) ?? null;
      if (token === null || token.length > CSRF_MAX_CHARS || !session.csrfMatches(token)) {
        throw new UiError("ui.bad_csrf", "request refused: missing or wrong CSRF token");
      }
    }
    c.set("session", session);
    await next();
  };
}
