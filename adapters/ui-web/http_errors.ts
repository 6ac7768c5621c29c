/**
 * Errors of the browser UI and the one table that maps every error code to an HTTP status.
 * Use cases throw `PlicoError` with the stable codes of `domain/errors.ts`; the loopback
 * security layer adds its own `ui.*` codes (they never leave this adapter). Every error reaches
 * the page as `{"error": {"code", "message"}}`; the page shows the catalog's text for the code,
 * so nothing here needs translating. Messages never contain secrets, and a rejected request's
 * own values (Host, Origin, tokens) are never echoed back.
 *
 * @module
 */

import { type ErrorCode, isPlicoError } from "../../domain/errors.ts";

/** Codes of the UI's own refusals. */
export const UI_ERROR_CODES = [
  "ui.bad_host",
  "ui.cross_origin",
  "ui.no_session",
  "ui.bad_csrf",
  "ui.bad_token",
  "ui.locked",
  "ui.too_large",
  "ui.bad_request",
  "ui.unsupported_media",
  "ui.not_found",
  "ui.method",
  "ui.unavailable",
] as const;

/** A UI refusal code. */
export type UiErrorCode = typeof UI_ERROR_CODES[number];

/** Every code the UI can answer with. */
export type AnyErrorCode = ErrorCode | UiErrorCode;

/** A refusal by the UI layer itself (never thrown by use cases). */
export class UiError extends Error {
  override readonly name = "UiError";
  readonly code: UiErrorCode;

  constructor(code: UiErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** HTTP status codes the UI uses. */
export type UiStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 409
  | 410
  | 413
  | 415
  | 422
  | 423
  | 429
  | 500
  | 503;

/**
 * The status of every code. Grouped by what the page should do: 4xx the user can fix, 409 the
 * session or profile is in the wrong state, 410 the envelope is gone for good, 423 unlock first,
 * 429 wait, 503 the OS credential store is not usable, 500 a bug or a disk problem.
 */
export const HTTP_STATUS: Readonly<Record<AnyErrorCode, UiStatus>> = {
  "usage": 400,
  "io": 500,
  "internal": 500,
  "input.malformed": 422,
  "input.too_large": 413,
  "input.expired": 422,
  "crypto.bad_length": 422,
  "crypto.auth_failed": 422,
  "crypto.weak_key": 422,
  "passphrase.weak": 422,
  "passphrase.mismatch": 422,
  "passphrase.unavailable": 400,
  "passphrase.empty": 400,
  "profile.not_found": 404,
  "profile.exists": 409,
  "profile.bad_passphrase": 401,
  "profile.corrupt": 500,
  "profile.unsupported": 409,
  "profile.locked_out": 429,
  "profile.rolled_back": 409,
  "platform.unavailable": 503,
  "platform.no_bus": 503,
  "platform.no_daemon": 503,
  "platform.locked": 503,
  "platform.item_missing": 503,
  "session.not_found": 404,
  "session.exists": 409,
  "session.conflict": 409,
  "session.unconfirmed": 409,
  "session.bad_code": 409,
  "session.own_code": 400,
  "session.wrong_state": 409,
  "session.expired": 409,
  "envelope.unknown": 422,
  "envelope.already_opened": 410,
  "envelope.expired": 410,
  "envelope.limit": 413,
  "envelope.too_late": 410,
  "carrier.error": 422,
  "qr.error": 422,
  "interrupted": 503,
  "ui.bad_host": 403,
  "ui.cross_origin": 403,
  "ui.no_session": 401,
  "ui.bad_csrf": 403,
  "ui.bad_token": 403,
  "ui.locked": 423,
  "ui.too_large": 413,
  "ui.bad_request": 400,
  "ui.unsupported_media": 415,
  "ui.not_found": 404,
  "ui.method": 405,
  "ui.unavailable": 503,
};

/** The JSON body of an error response. */
export interface ErrorBody {
  readonly error: { readonly code: AnyErrorCode; readonly message: string };
}

/** Status and body for anything thrown while handling a request. */
export function describeError(e: unknown): { status: UiStatus; body: ErrorBody } {
  if (e instanceof UiError || isPlicoError(e)) {
    return { status: HTTP_STATUS[e.code], body: { error: { code: e.code, message: e.message } } };
  }
  if (e instanceof Deno.errors.NotCapable) {
    return {
      status: 500,
      body: { error: { code: "io", message: "refused by the sandbox" } },
    };
  }
  // A bug: no stack, no data, just the kind of failure.
  const kind = e instanceof Error ? e.name : typeof e;
  return {
    status: 500,
    body: { error: { code: "internal", message: `internal error (${kind})` } },
  };
}

/** A JSON error response (security headers are added by the outermost middleware). */
export function errorResponse(e: unknown): Response {
  const { status, body } = describeError(e);
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}
