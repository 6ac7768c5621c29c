/**
 * Use case: open an envelope once (PROTOCOL-envelope §9, PROTOCOL §5, DESIGN §3 "Open").
 *
 * 1. Find the session whose header keys open the header (cheap trial of every session).
 * 2. Authenticate and decrypt the whole body and validate the package — writing nothing.
 * 3. In one transaction: the burn tags must be absent; insert them; store the advanced ratchet.
 * 4. Only after the commit, decrypt again and reveal: the text is returned, attachments are
 *    written (sanitised names, never overwriting).
 *
 * Any failure before step 3 burns nothing and changes nothing. The input is read twice, so no
 * decrypted byte is ever written anywhere but where the user asked.
 *
 * @module
 */

import { timingSafeEqual, wipe } from "../domain/bytes.ts";
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
import type { ByteSink, ByteSource, Progress, Rereadable } from "./ports.ts";
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

const READ_PIECE_BYTES = 1024 * 1024;

/** An attachment as revealed. */
export interface OpenedAttachment {
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  /** The file name it was saved under, or null when attachments were not saved. */
  readonly savedAs: string | null;
}

/** A revealed envelope. */
export interface OpenResult {
  readonly from: string;
  readonly text: string;
  readonly attachments: readonly OpenedAttachment[];
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly openedAt: number;
}

/**
 * Where revealed attachments go: an `AttachmentDirectory`, or anything else that makes a sink
 * per attachment (the UI keeps them for download). `safeName` is already sanitised.
 */
export interface AttachmentTarget {
  create(safeName: string, meta: AttachmentMeta): Promise<{ sink: ByteSink; name: string }>;
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
  const burnedAt = (info: EnvelopeInfo) =>
    profile.vault.burnedAt(messageBurnTag(crypto, burnKey, info.messageId));
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
      requireUsable(row, now); // throws session.unconfirmed
    }
    if (outcome.kind === "key_unavailable") {
      const at = burnedAt(outcome.info);
      if (at !== null) throw alreadyOpened(at);
      throw new PlicoError(
        "envelope.too_late",
        `this envelope from "${row.label}" can no longer be opened: its key was not kept ` +
          `(later envelopes were opened first, beyond the session's out-of-order window of ` +
          `${row.meta.params.skippedKeyWindow}, or its kept key expired)`,
      );
    }
    if (outcome.kind === "expired") {
      const at = burnedAt(outcome.info);
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
      wipe(outcome.messageKey, row.keys);
      wipeRatchetState(outcome.state);
      throw e;
    }
    return { row, state: outcome.state, messageKey: outcome.messageKey, info: outcome.info };
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
  const buffer = new Uint8Array(READ_PIECE_BYTES);
  const total = input.size - HEADER_BYTES;
  let done = 0;
  try {
    await readFully(source, new Uint8Array(HEADER_BYTES));
    const deliver = async (plain: Uint8Array[]) => {
      for (const p of plain) {
        for (const e of decoder.push(p)) await onEvent(e);
        wipe(p);
      }
    };
    for (;;) {
      const n = await source.read(buffer);
      if (n === null) break;
      done += n;
      if (done > total) throw new PlicoError("io", "the envelope file grew while it was read");
      await deliver(reader.push(buffer.subarray(0, n)));
      progress?.(done, total);
    }
    await deliver(reader.finish());
    for (const e of decoder.finish()) await onEvent(e);
  } finally {
    buffer.fill(0);
    source.close();
  }
}

/** Opens `input` once; writes attachments to `target` (null: list them, save nothing). */
export async function openEnvelope(
  deps: Deps,
  profile: UnlockedProfile,
  input: Rereadable,
  target: AttachmentTarget | null,
  progress?: Progress,
): Promise<OpenResult> {
  const { crypto, clock } = deps;
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
  let commitKey: Uint8Array | undefined;
  try {
    match = findMatch(deps, profile, header, burnKey, now);
    // Pass 1: authenticate everything and validate the package; nothing is kept or written.
    let text = "";
    let manifest: readonly AttachmentMeta[] = [];
    await decryptBody(deps, input, match.messageKey, header, (e) => {
      if (e.type === "text") text = e.text;
      if (e.type === "manifest") manifest = e.attachments;
      return Promise.resolve();
    }, progress);

    // Commit: burn and advance the ratchet atomically; a concurrent open of the same envelope
    // finds the tag (or a state that no longer holds the key) and stops here.
    const messageTag = messageBurnTag(crypto, burnKey, match.info.messageId);
    const headerTag = headerBurnTag(crypto, burnKey, header);
    const row = match.row;
    const state = match.state;
    commitKey = match.messageKey;
    vault.transaction(() => {
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
        wipe(redo.messageKey, redo.row.keys);
        next = redo.state;
      }
      vault.burn(messageTag, now);
      vault.burn(headerTag, now);
      const keys = encodeRatchetState(next);
      updateSession(vault, { ...fresh, keys }, housekeepingDueAt(next));
      wipe(keys, fresh.keys);
      if (next !== state) wipeRatchetState(next);
    });
    vault.purgeHistory();

    // Pass 2: reveal.
    const saved: (string | null)[] = [];
    let sink: ByteSink | null = null;
    try {
      await decryptBody(deps, input, commitKey, header, async (e) => {
        if (e.type === "attachment_start") {
          if (target === null) saved.push(null);
          else {
            const created = await target.create(safeOutputName(e.meta.name), e.meta);
            sink = created.sink;
            saved.push(created.name);
          }
        } else if (e.type === "data" && sink) await sink.write(e.bytes);
        else if (e.type === "attachment_end" && sink) {
          await sink.commit();
          sink = null;
        }
      });
    } catch (e) {
      await (sink as ByteSink | null)?.abort();
      if (e instanceof PlicoError && e.code === "crypto.auth_failed") {
        throw new PlicoError(
          "io",
          "the envelope file changed while it was being opened; it counts as opened",
        );
      }
      throw e;
    }
    return {
      from: row.label,
      text,
      attachments: manifest.map((m, i) => ({ ...m, savedAs: saved[i] ?? null })),
      createdAt: match.info.createdAt,
      expiresAt: match.info.expiresAt,
      openedAt: now,
    };
  } finally {
    wipe(burnKey, commitKey ?? match?.messageKey, match?.row.keys);
    if (match) wipeRatchetState(match.state);
  }
}
