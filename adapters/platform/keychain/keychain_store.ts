/**
 * The macOS platform factor store: a generic password in the user's default (login) keychain,
 * service `plico`, account `<profile id>.<item id>`, managed through `/usr/bin/security`
 * (`security_cli.ts`). Needs `--allow-run=/usr/bin/security` and nothing else. Every run has
 * a time limit, so a keychain that wants to show an unlock dialog is reported as locked
 * instead of blocking. Written against the documented tool; not run on a Mac by its author
 * (docs/PLATFORM.md).
 *
 * @module
 */

import type { PlatformFactorStore } from "../../../application/platform_factor_port.ts";
import { wipe } from "../../../domain/bytes.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { PLATFORM_CALL_TIMEOUT_MS } from "../../../domain/limits.ts";
import {
  checkFactor,
  checkHandleSize,
  checkProfileId,
  itemIdOf,
  newItemHandle,
} from "../platform_inputs.ts";
import { runBounded } from "../run_bounded.ts";
import {
  addItemScript,
  deleteItemArgs,
  findItemArgs,
  isItemNotFound,
  parseFoundPassword,
  PROBE_ARGS,
  SECURITY_PROGRAM,
  securityFailure,
} from "./security_cli.ts";

/** Options of the Keychain adapter. */
export interface KeychainOptions {
  /** Time limit per `security` run, in milliseconds. */
  readonly timeoutMs?: number;
}

/** The Keychain adapter of `PlatformFactorStore`. */
export class KeychainStore implements PlatformFactorStore {
  readonly kind = "keychain" as const;
  readonly #timeoutMs: number;

  constructor(options: KeychainOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? PLATFORM_CALL_TIMEOUT_MS;
  }

  /** Checks that `security` runs and the user has a default keychain. */
  async probe(): Promise<void> {
    const r = await runBounded(SECURITY_PROGRAM, PROBE_ARGS, undefined, this.#timeoutMs);
    if (r.code !== 0 || r.timedOut) throw securityFailure(r.code, r.stderr, r.timedOut);
  }

  /** Adds the item, then reads it back, since `security -i` may not report a failed command. */
  async store(profileId: string, secret: Uint8Array): Promise<Uint8Array> {
    checkProfileId(profileId);
    checkFactor(secret);
    const { handle, itemId } = newItemHandle();
    const script = addItemScript(profileId, itemId, secret);
    try {
      const r = await runBounded(SECURITY_PROGRAM, ["-i"], script, this.#timeoutMs);
      if (r.code !== 0 || r.timedOut) throw securityFailure(r.code, r.stderr, r.timedOut);
    } finally {
      wipe(script);
    }
    const back = await this.load(profileId, handle);
    const same = back.every((b, i) => b === secret[i]);
    wipe(back);
    if (!same) throw new PlicoError("platform.unavailable", "the Keychain did not keep the item");
    return handle;
  }

  /** Reads the item's password back. */
  async load(profileId: string, handle: Uint8Array): Promise<Uint8Array> {
    checkProfileId(profileId);
    checkHandleSize(handle);
    const args = findItemArgs(profileId, itemIdOf(handle));
    const r = await runBounded(SECURITY_PROGRAM, args, undefined, this.#timeoutMs);
    try {
      if (r.code !== 0 || r.timedOut) throw securityFailure(r.code, r.stderr, r.timedOut);
      return parseFoundPassword(r.stdout);
    } finally {
      wipe(r.stdout);
    }
  }

  /** Deletes the item; "not found" counts as done. */
  async remove(profileId: string, handle: Uint8Array): Promise<void> {
    checkProfileId(profileId);
    checkHandleSize(handle);
    const args = deleteItemArgs(profileId, itemIdOf(handle));
    const r = await runBounded(SECURITY_PROGRAM, args, undefined, this.#timeoutMs);
    if (r.timedOut || (r.code !== 0 && !isItemNotFound(r.code, r.stderr))) {
      throw securityFailure(r.code, r.stderr, r.timedOut);
    }
  }
}
