import assert from "node:assert/strict";
import { ratchetOf } from "../../application/session_ratchet.ts";
import { listSessionRows } from "../../application/session_record.ts";
import { removeSession } from "../../application/session_queries.ts";
import { toHex } from "../../domain/bytes.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { HEADER_BYTES, openEnvelopeHeader } from "../../domain/envelope/mod.ts";
import { connect, open, seal } from "../support/active_session.ts";
import { seededRandom } from "../support/seeded_random.ts";
import { makeParties, type Party } from "../support/two_profiles.ts";

/**
 * The same party, drawing from a fresh seeded stream: two sealers given the same seed draw the
 * same message id (the first value drawn, PROTOCOL-envelope §14). A careless or hostile sender
 * can do that; the receiver must still open every such envelope once (PROTOCOL §5).
 */
function sameIds(party: Party, seed: string): Party {
  return { ...party, deps: { ...party.deps, random: seededRandom(seed) } };
}

/** The message id of an envelope, read (without committing) by whichever session opens it. */
function messageIdOf(receiver: Party, envelope: Uint8Array): string {
  const { crypto, clock } = receiver.deps;
  for (const row of listSessionRows(receiver.profile.vault)) {
    const state = ratchetOf(crypto, row);
    if (!state) continue;
    const outcome = openEnvelopeHeader(
      crypto,
      state,
      envelope.subarray(0, HEADER_BYTES),
      clock.now(),
    );
    if (outcome) return toHex(outcome.info.messageId);
  }
  throw new Error("no session opens this header");
}

async function alreadyOpened(party: Party, envelope: Uint8Array): Promise<boolean> {
  try {
    await open(party, envelope);
    return false;
  } catch (e) {
    if (isPlicoError(e, "envelope.already_opened")) return true;
    throw e;
  }
}

Deno.test("envelopes with the same message id never share a burn tag, in one session or across sessions", async () => {
  const { parties: [alice, bob, carol], close } = await makeParties(["alice", "bob", "carol"]);
  try {
    connect(alice!, bob!, undefined, ["Bob", "Alice"]);
    connect(carol!, bob!, undefined, ["Bob", "Carol"]);
    const seed = "one message id for everyone";
    const fromAlice1 = await seal(sameIds(alice!, seed), "Bob", "from Alice, first");
    const fromAlice2 = await seal(sameIds(alice!, seed), "Bob", "from Alice, second");
    const fromCarol = await seal(sameIds(carol!, seed), "Bob", "from Carol");
    const ids = [fromAlice1, fromAlice2, fromCarol].map((e) => messageIdOf(bob!, e));
    assert.equal(new Set(ids).size, 1, "the three envelopes must carry one message id");

    assert.equal((await open(bob!, fromAlice2)).text, "from Alice, second");
    assert.equal((await open(bob!, fromCarol)).text, "from Carol");
    assert.equal((await open(bob!, fromAlice1)).text, "from Alice, first");
    // Each one is burned on its own, so each replay is recognised.
    for (const e of [fromAlice1, fromAlice2, fromCarol]) {
      assert.equal(await alreadyOpened(bob!, e), true);
    }
    // With the session gone, the header tag still recognises a replay.
    removeSession(bob!.profile, "Carol");
    assert.equal(await alreadyOpened(bob!, fromCarol), true);
  } finally {
    close();
  }
});
