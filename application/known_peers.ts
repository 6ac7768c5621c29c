/**
 * Identity continuity (PROTOCOL §4.3): every peer identity key this profile has completed a
 * setup with is remembered (encrypted, also after its session is removed) with the labels it was
 * given, so a new session can say "same person as before" — or warn loudly when a label that
 * named one identity now names another.
 *
 * @module
 */

import { fromUtf8, timingSafeEqual, u64be, utf8 } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import type { RandomPort } from "../domain/ports.ts";
import type { Vault } from "./ports.ts";

const TABLE = "known_peers";

/** What the profile knows about the identity of a new session's peer. */
export interface Continuity {
  /** Labels of earlier sessions with the same identity key (empty: a new identity). */
  readonly sameIdentityAs: readonly string[];
  /** Set when this label named a different identity before: a loud warning. */
  readonly labelReusedWithOtherIdentity: boolean;
}

interface PeerRow {
  id: Uint8Array;
  identity: Uint8Array;
  labels: string[];
}

function rows(vault: Vault): PeerRow[] {
  return vault.all(TABLE).map((r) => {
    let labels: unknown;
    try {
      labels = JSON.parse(fromUtf8(r.fields.labels!));
    } catch {
      labels = null;
    }
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === "string")) {
      throw new PlicoError("profile.corrupt", "a known-peer record is malformed");
    }
    return { id: r.id, identity: r.fields.identity!, labels };
  });
}

/** Compares a new session's peer with what the profile has seen. */
export function checkContinuity(vault: Vault, identity: Uint8Array, label: string): Continuity {
  const known = rows(vault);
  const same = known.find((p) => timingSafeEqual(p.identity, identity));
  const reused = known.some((p) => p !== same && p.labels.includes(label));
  return { sameIdentityAs: same?.labels ?? [], labelReusedWithOtherIdentity: reused };
}

/** Remembers the identity under this label. */
export function rememberPeer(
  vault: Vault,
  random: RandomPort,
  identity: Uint8Array,
  label: string,
  now: number,
): void {
  const same = rows(vault).find((p) => timingSafeEqual(p.identity, identity));
  if (same) {
    if (!same.labels.includes(label)) {
      vault.update(TABLE, same.id, { labels: utf8(JSON.stringify([...same.labels, label])) });
    }
    return;
  }
  vault.insert(TABLE, random.randomBytes(16), {
    identity,
    labels: utf8(JSON.stringify([label])),
    first_seen: u64be(now),
  });
}

/** Human-readable continuity notes for the CLI and UI. */
export function describeContinuity(c: Continuity, label: string): string[] {
  const notes: string[] = [];
  if (c.sameIdentityAs.length > 0) {
    notes.push(
      `Continuity: this is the same identity as in your earlier session(s) labelled ` +
        c.sameIdentityAs.map((l) => `"${l}"`).join(", ") + ".",
    );
  } else notes.push("Continuity: this identity is new to this profile.");
  if (c.labelReusedWithOtherIdentity) {
    notes.push(
      `WARNING: the label "${label}" was used before for a DIFFERENT identity. If you expected ` +
        `the same person, do not confirm this session until you have checked the safety code ` +
        `with them in person or by voice.`,
    );
  }
  return notes;
}
