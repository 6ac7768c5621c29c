/**
 * Security headers on every response of the UI, errors and static files included (DESIGN §5).
 * The content security policy allows only Plico's own files: no inline script or style, no
 * plugins, no framing; images may also come from `blob:` (attachment previews) and `data:`.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";

/** The content security policy of every response. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Every header set on every response, by name. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  // The QR scanner needs the camera of this page only; nothing else may ask for a device.
  "Permissions-Policy": "camera=(self), microphone=(), geolocation=(), display-capture=()",
};

/** Adds `SECURITY_HEADERS` to `response`, copying it first when its headers are immutable. */
export function withSecurityHeaders(response: Response): Response {
  let target = response;
  try {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) target.headers.set(name, value);
  } catch {
    target = new Response(response.body, response);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) target.headers.set(name, value);
  }
  return target;
}

/**
 * The outermost middleware: whatever the inner layers answer (a page, a refusal, an error from
 * `onError`), the headers are applied on the way out.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const secured = withSecurityHeaders(c.res);
    if (secured !== c.res) c.res = secured;
  };
}
