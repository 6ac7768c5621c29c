/**
 * One error type with a closed set of stable codes. The CLI maps codes to exit codes
 * (`adapters/cli/exit_codes.ts`, documented in `docs/CLI.md`) and the UI to HTTP statuses.
 * Messages never contain secrets.
 *
 * @module
 */

/** Every error code Plico can report. Codes are stable: scripts may depend on them. */
export const ERROR_CODES = [
  "usage",
  "io",
  "internal",
  "input.malformed",
  "input.too_large",
  "input.expired",
  "crypto.bad_length",
  "crypto.auth_failed",
  "crypto.weak_key",
  "passphrase.weak",
  "passphrase.mismatch",
  "passphrase.unavailable",
  "passphrase.empty",
  "profile.not_found",
  "profile.exists",
  "profile.bad_passphrase",
  "profile.corrupt",
  "profile.unsupported",
  "profile.locked_out",
  "profile.rolled_back",
  "platform.unavailable",
  "platform.no_bus",
  "platform.no_daemon",
  "platform.locked",
  "platform.item_missing",
  "session.not_found",
  "session.exists",
  "session.conflict",
  "session.unconfirmed",
  "session.bad_code",
  "session.own_code",
  "session.wrong_state",
  "session.expired",
  "envelope.unknown",
  "envelope.already_opened",
  "envelope.expired",
  "envelope.limit",
  "envelope.too_late",
  "carrier.error",
  "qr.error",
  "interrupted",
] as const;

/** A stable error code. */
export type ErrorCode = typeof ERROR_CODES[number];

/** The one error type of Plico. `code` is machine-readable, `message` is for people. */
export class PlicoError extends Error {
  override readonly name = "PlicoError";
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `e` is a PlicoError, optionally with the given code. */
export function isPlicoError(e: unknown, code?: ErrorCode): e is PlicoError {
  return e instanceof PlicoError && (code === undefined || e.code === code);
}

/**
 * The error for input whose structure is wrong (`input.malformed`): `part` names what was being
 * read ("armor", "envelope header", "package"), `why` says exactly what is wrong. Never for a
 * failed authentication, which is always the one opaque `crypto.auth_failed` (PROTOCOL §1).
 */
export function malformed(part: string, why: string): PlicoError {
  return new PlicoError("input.malformed", `${part}: ${why}`);
}

/**
 * The error for a stored record that does not decode (`profile.corrupt`): the profile on disk
 * was damaged or altered. `part` names the record, `why` what is wrong.
 */
export function corruptRecord(part: string, why: string): PlicoError {
  return new PlicoError("profile.corrupt", `${part}: ${why}`);
}
