/**
 * Two parties with a confirmed session between them ("Bob" in Alice's profile, "Alice" in
 * Bob's), and helpers to seal and open in memory.
 *
 * @module
 */

import { answerSession } from "../../application/answer_session.ts";
import { confirmSession } from "../../application/confirm_session.ts";
import { finishSession } from "../../application/finish_session.ts";
import { openEnvelope, type OpenResult } from "../../application/open_envelope.ts";
import { type AttachmentInput, sealEnvelope } from "../../application/seal_envelope.ts";
import { startSession } from "../../application/start_session.ts";
import type { SessionParams } from "../../domain/handshake/mod.ts";
import { memoryDirectory, memorySink, rereadable } from "./memory_io.ts";
import { makeParties, type Party } from "./two_profiles.ts";

/** Sets up and confirms a session between the first two parties. */
export function connect(
  alice: Party,
  bob: Party,
  params?: SessionParams,
  labels: [string, string] = ["Bob", "Alice"],
): void {
  const init = startSession(alice.deps, alice.profile, labels[0], params);
  const answer = answerSession(bob.deps, bob.profile, init.file, labels[1]);
  const finish = finishSession(alice.deps, alice.profile, answer.file);
  // Each side types the code the other reads aloud (PROTOCOL-handshake §10).
  confirmSession(alice.deps, alice.profile, labels[0], answer.myCode);
  confirmSession(bob.deps, bob.profile, labels[1], finish.myCode);
}

/** Alice and Bob, connected; `close()` cleans up. */
export async function connectedPair(params?: SessionParams) {
  const made = await makeParties(["alice", "bob"]);
  const [alice, bob] = made.parties as [Party, Party];
  connect(alice, bob, params);
  return { alice, bob, clock: made.clock, close: made.close, parties: made.parties };
}

/** Seals in memory; returns the envelope bytes. */
export async function seal(
  from: Party,
  to: string,
  text: string,
  attachments: AttachmentInput[] = [],
  expiresAt: number | null = null,
): Promise<Uint8Array> {
  const sink = memorySink();
  await sealEnvelope(from.deps, from.profile, { to, text, attachments, expiresAt }, sink);
  return sink.bytes();
}

/** Opens in memory; returns the result and the saved attachments. */
export async function open(
  party: Party,
  envelope: Uint8Array,
): Promise<OpenResult & { files: Map<string, Uint8Array> }> {
  const dir = memoryDirectory();
  const result = await openEnvelope(party.deps, party.profile, rereadable(envelope), dir);
  return { ...result, files: dir.files };
}
