/**
 * Skipped message keys (PROTOCOL-envelope §6.5): keys of messages that have not arrived yet,
 * kept so that they can still be opened out of order. The window W is both the out-of-order
 * allowance and the hard cap: of the keys one skip produces only the newest W are kept, and the
 * oldest entries go first when the list would exceed W. Each key expires after
 * `RATCHET_SKIPPED_KEY_TTL_MS`.
 *
 * @module
 */

import { timingSafeEqual, wipe } from "../bytes.ts";
import { RATCHET_SKIPPED_KEY_TTL_MS } from "../limits.ts";
import type { CryptoPort } from "../ports.ts";
import { messageKeyOf, nextChainKey } from "./ratchet_kdf.ts";
import {
  cloneRatchetState,
  type DraftState,
  type RatchetState,
  type SkippedKey,
} from "./ratchet_state.ts";

/** Drops (and wipes) every skipped key whose `expiresAt ≤ now` from a draft. */
export function dropExpired(draft: DraftState, now: number): void {
  const kept: SkippedKey[] = [];
  for (const entry of draft.skipped) {
    if (entry.expiresAt <= now) wipe(entry.headerKey, entry.messageKey);
    else kept.push(entry);
  }
  draft.skipped = kept;
}

/**
 * A copy of `state` without the skipped keys that expired at `now`, for housekeeping when no
 * envelope is being opened. Never changes `state`.
 */
export function purgeExpiredSkippedKeys(state: RatchetState, now: number): RatchetState {
  const draft = cloneRatchetState(state);
  dropExpired(draft, now);
  return draft;
}

/** Index of the skipped key for `(headerKey, n)`, or -1. */
export function findSkipped(state: RatchetState, headerKey: Uint8Array, n: number): number {
  return state.skipped.findIndex((k) => k.n === n && timingSafeEqual(k.headerKey, headerKey));
}

/** Removes entry `index` from a draft and returns its message key (now owned by the caller). */
export function takeSkipped(draft: DraftState, index: number): Uint8Array {
  const [entry] = draft.skipped.splice(index, 1);
  wipe(entry!.headerKey);
  return entry!.messageKey;
}

/**
 * Advances the draft's receiving chain from `nr` to `until` (§6.5), storing the message keys of
 * the newest `min(until − nr, window)` skipped messages under the current `HKr`, then evicting
 * the oldest entries beyond the window. The caller has bounded `until − nr` by
 * `RATCHET_MAX_JUMP`.
 */
export function skipTo(crypto: CryptoPort, draft: DraftState, until: number, now: number): void {
  const count = until - draft.nr;
  if (count <= 0) return;
  const firstKept = until - Math.min(count, draft.window);
  const expiresAt = now + RATCHET_SKIPPED_KEY_TTL_MS;
  let chainKey = draft.recvChainKey;
  for (let n = draft.nr; n < until; n++) {
    if (n >= firstKept) {
      draft.skipped.push({
        headerKey: draft.recvHeaderKey.slice(),
        n,
        messageKey: messageKeyOf(crypto, chainKey),
        expiresAt,
      });
    }
    const next = nextChainKey(crypto, chainKey);
    wipe(chainKey);
    chainKey = next;
  }
  draft.recvChainKey = chainKey;
  draft.nr = until;
  const excess = draft.skipped.length - draft.window;
  if (excess > 0) {
    for (const dropped of draft.skipped.splice(0, excess)) {
      wipe(dropped.headerKey, dropped.messageKey);
    }
  }
}
