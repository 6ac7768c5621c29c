/**
 * Security headers on every response of the UI, errors and static files included (DESIGN §5).
 * The content security policy allows only Plico's own files: no inline script or style, no
 * plugins, no framing; images may also come from `blob:` (attachment previews) and `data:`.
 * One response differs: the PDF preview's frame (`PDF_FRAME_HEADERS`), a sandbox with its own
 * policy that only this UI may frame.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import { PDF_FRAME_PATH, PDF_FRAME_POLICY } from "./pdf_preview.ts";

/** The content security policy of every response but the PDF frame's. */
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

/**
 * The headers of the PDF preview's frame (pdf_preview.ts): the same, except its own sandboxing
 * policy and that this UI — only this UI — may frame it.
 */
export const PDF_FRAME_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  "Content-Security-Policy": PDF_FRAME_POLICY,
  "X-Frame-Options": "SAMEORIGIN",
};

/** The headers every response to `path` gets. */
export function securityHeadersFor(path: string): Readonly<Record<string, string>> {
  return path === PDF_FRAME_PATH ? PDF_FRAME_HEADERS : SECURITY_HEADERS;
}

/**
 * Adds the headers for `path` (default: those of every page) to `response`, copying it first
 * when its headers are immutable.
 */
export function withSecurityHeaders(response: Response, path = "/"): Response {
  const headers = Object.entries(securityHeadersFor(path));
  let target = response;
  try {
    for (const [name, value] of headers) target.headers.set(name, value);
  } catch {
    target = new Response(response.body, response);
    for (const [name, value] of headers) target.headers.set(name, value);
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
    const secured = withSecurityHeaders(c.res, c.req.path);
    if (secured !== c.res) c.res = secured;
  };
}
