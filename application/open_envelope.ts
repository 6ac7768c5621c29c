/**
 * Use case: open an envelope once (PROTOCOL-envelope §9, PROTOCOL §5, DESIGN §3 "Open").
 *
 * 1. Find the session whose header keys open the header (cheap trial of every session).
 * 2. One pass: authenticate and decrypt the body, validate the package, and stage every
 *    attachment (a hidden private file in the output directory, made durable); the text stays
 *    in memory.
 * 3. In one transaction: the burn tags must be absent; reserve the final names; insert the
 *    tags; store the advanced ratchet.
 * 4. After the commit, publish the staged attachments under the reserved names and return the
 *    text, with anything that could not be published.
 *
 * Any failure before step 3 commits (disk full, read-only or foreign file system, names taken,
 * interruption, tampering) removes what was staged, burns nothing and changes nothing.
 *
 * @module
 */

import { discard, timingSafeEqual, wipe } from "../domain/bytes.ts";
import { headerBurnTag, messageBurnTag } from "../domain/burn_tag.ts";
import { PlicoError } from "../domain/errors.ts";
import {
  checkEnvelopeLength,
  createBodyReader,
  type EnvelopeInfo,
  HEADER_BYTES,
  openEnvelopeHeader,
} from "../domain/envelope/mod.ts";
import {
  type AttachmentMeta,
  createPackageDecoder,
  type PackageEvent,
  safeOutputName,
} from "../domain/package/mod.ts";
import { encodeRatchetState, type RatchetState, wipeRatchetState } from "../domain/ratchet/mod.ts";
import type { Deps } from "./deps.ts";
import type {
  AttachmentStage,
  ByteSource,
  CommitGate,
  Progress,
  PublishProblem,
  Rereadable,
  StagedAttachment,
} from "./ports.ts";
import { readAhead, readBuffers, wipeReadBuffers } from "./read_ahead.ts";
import { ratchetOf } from "./session_ratchet.ts";
import { housekeepingDueAt } from "./expired_key_purge.ts";
import {
  listSessionSummaries,
  readSession,
  type SessionRow,
  updateSession,
} from "./session_record.ts";
import { requireUsable } from "./session_rules.ts";
import type { UnlockedProfile } from "./unlocked_profile.ts";

/** An attachment as revealed. */
export interface OpenedAttachment {
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  /** The file name it was saved under, or null when it was not saved (see `problem`). */
  readonly savedAs: string | null;
  /** Set when saving was asked but publishing failed after the commit. */
  readonly problem: PublishProblem | null;
}

/** A revealed envelope. */
export interface OpenResult {
  readonly from: string;
  readonly text: string;
  /** The sender asked that attachments be shown, not saved (a courtesy, never enforced). */
  readonly viewOnly: boolean;
  readonly attachments: readonly OpenedAttachment[];
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly openedAt: number;
}

/** How one open runs (all optional). */
export interface OpenOptions {
  readonly progress?: Progress;
  /** Lets an interruption or time limit cancel the open until the commit starts. */
  readonly gate?: CommitGate;
}

async function readFully(source: ByteSource, into: Uint8Array): Promise<void> {
  let at = 0;
  while (at < into.length) {
    const n = await source.read(into.subarray(at));
    if (n === null) throw new PlicoError("input.malformed", "the envelope is truncated");
    at += n;
  }
}

interface Match {
  readonly row: SessionRow;
  readonly state: RatchetState;
  readonly messageKey: Uint8Array;
  readonly info: EnvelopeInfo;
  /** The message's secret position in its session (PROTOCOL §5): part of its burn tag. */
  readonly position: Uint8Array;
}

function alreadyOpened(at: number): PlicoError {
  return new PlicoError(
    "envelope.already_opened",
    `already opened on this device on ${new Date(at).toISOString()}`,
  );
}

/** §9 steps 2–3 over every session; throws the outcome when it is not an openable match. */
function findMatch(
  deps: Deps,
  profile: UnlockedProfile,
  header: Uint8Array,
  burnKey: Uint8Array,
  now: number,
): Match {
  const { crypto } = deps;
  const burnedAt = (o: { info: EnvelopeInfo; position: Uint8Array }) => {
    try {
      return profile.vault.burnedAt(messageBurnTag(crypto, burnKey, o.position, o.info.messageId));
    } finally {
      wipe(o.position);
    }
  };
  // Only sessions that can hold this envelope's keys are decrypted (PROTOCOL §2.6).
  for (const summary of listSessionSummaries(profile.vault)) {
    const { state: sessionState } = summary.meta;
    if (sessionState !== "active" && sessionState !== "unconfirmed") continue;
    const row = readSession(profile.vault, summary.id);
    if (!row) continue;
    const state = ratchetOf(crypto, row);
    if (state === null) {
      wipe(row.keys);
      continue;
    }
    const outcome = (() => {
      try {
        return openEnvelopeHeader(crypto, state, header, now);
      } finally {
        wipeRatchetState(state);
      }
    })();
    if (outcome === null || outcome.kind !== "ok") wipe(row.keys); // the match's are kept below
    if (outcome === null) continue;
    if (row.meta.state === "unconfirmed") {
      if (outcome.kind === "ok") {
        wipe(outcome.messageKey, row.keys);
        wipeRatchetState(outcome.state);
      }
      wipe(outcome.position);
      requireUsable(row, now); // throws session.unconfirmed
    }
    if (outcome.kind === "key_unavailable") {
      const at = burnedAt(outcome);
      if (at !== null) throw alreadyOpened(at);
      throw new PlicoError(
        "envelope.too_late",
        `this envelope from "${row.label}" can no longer be opened: its key was not kept ` +
          `(later envelopes were opened first, beyond the session's out-of-order window of ` +
          `${row.meta.params.skippedKeyWindow}, or its kept key expired)`,
      );
    }
    if (outcome.kind === "expired") {
      const at = burnedAt(outcome);
      if (at !== null) throw alreadyOpened(at);
      throw new PlicoError(
        "envelope.expired",
        `this envelope from "${row.label}" expired on ` +
          `${new Date(outcome.info.expiresAt!).toISOString()}`,
      );
    }
    try {
      requireUsable(row, now);
    } catch (e) {
      wipe(outcome.messageKey, outcome.position, row.keys);
      wipeRatchetState(outcome.state);
      throw e;
    }
    const { state: next, messageKey, info, position } = outcome;
    return { row, state: next, messageKey, info, position };
  }
  const at = profile.vault.burnedAt(headerBurnTag(crypto, burnKey, header));
  if (at !== null) throw alreadyOpened(at);
  throw new PlicoError(
    "envelope.unknown",
    "this envelope is not for any session of this profile, or it is corrupted or has been " +
      "tampered with (its bytes cannot tell which)",
  );
}

/** Streams the body of `input` through the AEAD and the package decoder. */
async function decryptBody(
  deps: Deps,
  input: Rereadable,
  messageKey: Uint8Array,
  header: Uint8Array,
  onEvent: (e: PackageEvent) => Promise<void>,
  progress?: Progress,
): Promise<void> {
  const source = await input.open();
  const reader = createBodyReader(deps.crypto, messageKey, header);
  const decoder = createPackageDecoder();
  const buffers = readBuffers();
  const total = input.size - HEADER_BYTES;
  let done = 0;
  try {
    await readFully(source, new Uint8Array(HEADER_BYTES));
    const deliver = async (plain: Uint8Array[]) => {
      for (const p of plain) {
        for (const e of decoder.push(p)) await onEvent(e);
        wipe(p);
        discard(p);
      }
    };
    // The next piece is read while this one is decrypted and staged.
    await readAhead(source, buffers, async (piece) => {
      done += piece.length;
      if (done > total) throw new PlicoError("io", "the envelope file grew while it was read");
      await deliver(reader.push(piece));
      progress?.(done, total);
    });
    await deliver(reader.finish());
    for (const e of decoder.finish()) await onEvent(e);
  } finally {
    wipeReadBuffers(buffers);
    source.close();
  }
}

/** Thrown when the gate refused the commit (the open was cancelled before it). */
function cancelled(): PlicoError {
  return new PlicoError(
    "interrupted",
    "the open was interrupted before it was recorded; nothing changed and the envelope can " +
      "still be opened",
  );
}

/** Opens `input` once; stages and publishes attachments in `target` (null: list, save none). */
export async function openEnvelope(
  deps: Deps,
  profile: UnlockedProfile,
  input: Rereadable,
  target: AttachmentStage | null,
  options: OpenOptions | Progress = {},
): Promise<OpenResult> {
  const { progress, gate } = typeof options === "function" ? { progress: options } : options;
  const { clock } = deps;
  const { vault } = profile;
  checkEnvelopeLength(input.size);
  const header = new Uint8Array(HEADER_BYTES);
  const first = await input.open();
  try {
    await readFully(first, header);
  } finally {
    first.close();
  }
  const burnKey = profile.subkey("burn");
  const now = clock.now();
  let match: Match | undefined;
  let committed = false;
  try {
    match = findMatch(deps, profile, header, burnKey, now);
    // One pass: authenticate everything, validate the package, stage the attachments.
    let text = "";
    let viewOnly = false;
    let manifest: readonly AttachmentMeta[] = [];
    let staged: StagedAttachment | null = null;
    try {
      await decryptBody(deps, input, match.messageKey, header, async (e) => {
        if (e.type === "text") ({ text, viewOnly } = e);
        else if (e.type === "manifest") manifest = e.attachments;
        else if (e.type === "attachment_start" && target) {
          staged = await target.stage(safeOutputName(e.meta.name), e.meta);
        } else if (e.type === "data" && staged) await staged.write(e.bytes);
        else if (e.type === "attachment_end" && staged) {
          await staged.finish();
          staged = null;
        }
      }, progress);
      if (gate && !gate.enter()) throw cancelled();

      // Commit: burn and advance the ratchet atomically; a concurrent open of the same
      // envelope finds the tag (or a state that no longer holds the key) and stops here,
      // before it claims any name.
      const reserve = () => target?.reserve() ?? [];
      const names = commitOpen(deps, profile, match, header, burnKey, now, reserve);
      committed = true;
      try {
        vault.purgeHistory();
      } catch { /* best effort: the commit stands; the next open purges again */ }

      const problems = target ? await target.publish() : [];
      return {
        from: match.row.label,
        text,
        viewOnly,
        attachments: manifest.map((m, i) => {
          const problem = problems[i] ?? null;
          return { ...m, savedAs: problem === null ? names[i] ?? null : null, problem };
        }),
        createdAt: match.info.createdAt,
        expiresAt: match.info.expiresAt,
        openedAt: now,
      };
    } catch (e) {
      if (!committed) await target?.discard();
      throw e;
    }
  } finally {
    wipe(burnKey, match?.messageKey, match?.position, match?.row.keys);
    if (match) wipeRatchetState(match.state);
  }
}

/**
 * The one transaction of an open (PROTOCOL §5, PROTOCOL-envelope §9 steps 5–6): burn tags
 * absent, the final names reserved, burn tags in, advanced ratchet stored. Returns the names.
 */
function commitOpen(
  deps: Deps,
  profile: UnlockedProfile,
  match: Match,
  header: Uint8Array,
  burnKey: Uint8Array,
  now: number,
  reserve: () => readonly string[],
): readonly string[] {
  const { crypto } = deps;
  const { vault } = profile;
  const messageTag = messageBurnTag(crypto, burnKey, match.position, match.info.messageId);
  const headerTag = headerBurnTag(crypto, burnKey, header);
  const { row, state } = match;
  return vault.transaction(() => {
    const at = vault.burnedAt(messageTag) ?? vault.burnedAt(headerTag);
    if (at !== null) throw alreadyOpened(at);
    const fresh = readSession(vault, row.id);
    if (!fresh) throw new PlicoError("session.not_found", `session "${row.label}" was removed`);
    let next = state;
    // Secret state compared in constant time, never as text.
    if (!timingSafeEqual(fresh.keys, row.keys)) {
      // Another process advanced this session meanwhile: redo the cheap header step on the
      // current state; the message key must be the same one.
      const redo = findMatch(deps, profile, header, burnKey, now);
      wipe(redo.messageKey, redo.position, redo.row.keys);
      next = redo.state;
    }
    const names = reserve();
    vault.burn(messageTag, now);
    vault.burn(headerTag, now);
    const keys = encodeRatchetState(next);
    updateSession(vault, { ...fresh, keys }, housekeepingDueAt(next));
    wipe(keys, fresh.keys);
    if (next !== state) wipeRatchetState(next);
    return names;
  });
}
