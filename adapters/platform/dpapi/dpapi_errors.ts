/**
 * What DPAPI's failures mean to Plico. `CryptProtectData`/`CryptUnprotectData` return FALSE
 * and leave the reason in `GetLastError()`, either a Win32 error or an `HRESULT`.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";

/** Error values DPAPI is documented or known to report. */
const DpapiError = {
  /** ERROR_INVALID_DATA: the blob is damaged, or the entropy differs. */
  invalidData: 13,
  /** ERROR_INVALID_PARAMETER. */
  invalidParameter: 87,
  /** ERROR_CANCELLED: a prompt would have been needed (we pass CRYPTPROTECT_UI_FORBIDDEN). */
  cancelled: 1223,
  /** NTE_BAD_DATA: the blob does not decrypt with this user's keys. */
  badData: 0x80090005,
  /** NTE_BAD_KEY_STATE: the user's master key is unavailable (password reset by an admin). */
  badKeyState: 0x8009000b,
  /** ERROR_NOT_FOUND: no master key found for the blob. */
  notFound: 1168,
} as const;

/** The Plico error for a failed DPAPI call. */
export function dpapiFailure(operation: "protect" | "unprotect", lastError: number): PlicoError {
  const code = `0x${(lastError >>> 0).toString(16).padStart(8, "0")}`;
  if (operation === "unprotect") {
    switch (lastError >>> 0) {
      case DpapiError.invalidData:
      case DpapiError.badData:
      case DpapiError.badKeyState:
      case DpapiError.notFound:
        return new PlicoError(
          "platform.item_missing",
          `Windows cannot decrypt this profile's device key (made by another user or machine, ` +
            `or the user's Windows key was reset; error ${code})`,
        );
    }
  }
  if ((lastError >>> 0) === DpapiError.cancelled) {
    return new PlicoError("platform.locked", `Windows wanted to show a prompt (error ${code})`);
  }
  return new PlicoError(
    "platform.unavailable",
    `Windows DPAPI ${operation} failed (error ${code})`,
  );
}
