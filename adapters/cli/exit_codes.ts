/**
 * Exit codes per error class (documented in `docs/CLI.md`). Stable: scripts may rely on them.
 *
 * @module
 */

import type { ErrorCode } from "../../domain/errors.ts";

/** Exit code of a successful command. */
export const EXIT_OK = 0;

/** Exit code for each error code. */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  "internal": 1,
  "usage": 2,
  "io": 3,
  "input.malformed": 4,
  "input.too_large": 4,
  "input.expired": 4,
  "crypto.bad_length": 4,
  "crypto.auth_failed": 5,
  "crypto.weak_key": 5,
  "profile.not_found": 6,
  "profile.exists": 7,
  "profile.bad_passphrase": 8,
  "profile.corrupt": 9,
  "profile.unsupported": 9,
  "profile.locked_out": 10,
  "profile.rolled_back": 20,
  "passphrase.weak": 11,
  "passphrase.mismatch": 11,
  "passphrase.unavailable": 11,
  "passphrase.empty": 11,
  "platform.unavailable": 12,
  "platform.no_bus": 12,
  "platform.no_daemon": 12,
  "platform.locked": 12,
  "platform.item_missing": 12,
  "session.not_found": 13,
  "session.exists": 13,
  "session.conflict": 13,
  "session.unconfirmed": 14,
  "session.bad_code": 14,
  "session.own_code": 2,
  "session.wrong_state": 14,
  "session.expired": 14,
  "envelope.unknown": 15,
  "envelope.already_opened": 16,
  "envelope.expired": 17,
  "envelope.limit": 18,
  "envelope.too_late": 18,
  "carrier.error": 19,
  "qr.error": 21,
  // The shell convention for a command ended by SIGINT (128 + 2).
  "interrupted": 130,
};
