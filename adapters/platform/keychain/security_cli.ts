/**
 * The parts of talking to macOS's `/usr/bin/security` tool that need no Mac: the commands,
 * the parsing of its output and the meaning of its exit codes. See docs/PLATFORM.md.
 *
 * - `security -i` (interactive mode) reads commands from stdin, so `add-generic-password`
 *   runs from there and the secret never appears in argv. Tokens of that command line contain
 *   no spaces or quotes at all (hex, dots, dashes), so no quoting rules of the interactive
 *   parser are relied on.
 * - The stored password is the 64-character lower-case hex of the factor (`-w`), so that
 *   `find-generic-password -w` prints it back as one plain text line.
 * - `security` exits with the low byte of the Security framework `OSStatus`:
 *   errSecItemNotFound (-25300) → 44, errSecInteractionNotAllowed (-25308) → 36,
 *   errSecAuthFailed (-25293) → 51, errSecNoSuchKeychain (-25294) → 50,
 *   userCanceledErr (-128) → 128.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";
import { fromHex, toHex, utf8 } from "../../../domain/bytes.ts";
import { PLATFORM_FACTOR_BYTES } from "../../../domain/limits.ts";

/** The tool, by absolute path so that PATH cannot substitute another program. */
export const SECURITY_PROGRAM = "/usr/bin/security";
/** The Keychain "service" of every Plico item. */
const KEYCHAIN_SERVICE = "plico";

/** The Keychain account of an item: the profile id and the handle's item id. */
function keychainAccount(profileId: string, itemId: string): string {
  return `${profileId}.${itemId}`;
}

/**
 * The stdin script for `security -i` that adds (or with `-U` updates) the item. The result
 * holds the secret in hex: the caller wipes it after writing it.
 */
export function addItemScript(profileId: string, itemId: string, secret: Uint8Array): Uint8Array {
  if (secret.length !== PLATFORM_FACTOR_BYTES) {
    throw new PlicoError("crypto.bad_length", "the platform factor must be 32 bytes");
  }
  const label = `Plico-device-key-${profileId}`;
  const account = keychainAccount(profileId, itemId);
  for (const token of [label, account]) {
    if (!/^[0-9A-Za-z.-]+$/.test(token)) throw new PlicoError("internal", "unsafe Keychain token");
  }
  return utf8(
    `add-generic-password -U -s ${KEYCHAIN_SERVICE} -a ${account} -l ${label} -w ${
      toHex(secret)
    }\n`,
  );
}

/** argv that prints the password of the item on stdout. */
export function findItemArgs(profileId: string, itemId: string): string[] {
  return [
    "find-generic-password",
    "-s",
    KEYCHAIN_SERVICE,
    "-a",
    keychainAccount(profileId, itemId),
    "-w",
  ];
}

/** argv that deletes the item. */
export function deleteItemArgs(profileId: string, itemId: string): string[] {
  return [
    "delete-generic-password",
    "-s",
    KEYCHAIN_SERVICE,
    "-a",
    keychainAccount(profileId, itemId),
  ];
}

/** argv of the cheap availability check (prints the default keychain's path). */
export const PROBE_ARGS: readonly string[] = ["default-keychain"];

/** Parses `find-generic-password -w` output: 64 hex characters and an optional newline. */
export function parseFoundPassword(stdout: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(stdout);
  const match = /^([0-9a-f]{64})\n?$/.exec(text);
  if (match === null) {
    throw new PlicoError(
      "platform.item_missing",
      "the Keychain item for this profile does not hold a Plico device key",
    );
  }
  return fromHex(match[1]!);
}

/** Exit codes of `security` (low byte of the OSStatus). */
const SecurityExit = {
  itemNotFound: 44,
  interactionNotAllowed: 36,
  authFailed: 51,
  noSuchKeychain: 50,
  userCanceled: 128,
} as const;

/** True when a failed `security` run means "no such item". */
export function isItemNotFound(code: number, stderr: string): boolean {
  return code === SecurityExit.itemNotFound || /could not be found/i.test(stderr);
}

/**
 * The Plico error for a failed `security` run (`code` ≠ 0 or a time-out). `security`'s own
 * message is not included: it may quote the command line.
 */
export function securityFailure(code: number, stderr: string, timedOut: boolean): PlicoError {
  if (timedOut) {
    return new PlicoError(
      "platform.locked",
      "the Keychain did not answer in time; it is probably locked: unlock it and retry",
    );
  }
  if (isItemNotFound(code, stderr)) {
    return new PlicoError(
      "platform.item_missing",
      "the Keychain holds no Plico device key for this profile",
    );
  }
  if (
    code === SecurityExit.interactionNotAllowed || code === SecurityExit.authFailed ||
    code === SecurityExit.userCanceled || /interaction is not allowed/i.test(stderr)
  ) {
    return new PlicoError("platform.locked", "the login keychain is locked; unlock it and retry");
  }
  if (code === SecurityExit.noSuchKeychain) {
    return new PlicoError("platform.unavailable", "there is no default keychain for this user");
  }
  return new PlicoError("platform.unavailable", `the security tool failed (exit status ${code})`);
}
