import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { RATCHET_MAX_JUMP, RATCHET_SKIPPED_KEY_TTL_MS } from "../../../domain/limits.ts";
import { ratchetEncrypt } from "../../../domain/ratchet/ratchet_encrypt.ts";
import { nextChainKey } from "../../../domain/ratchet/ratchet_kdf.ts";
import type { RatchetState } from "../../../domain/ratchet/ratchet_state.ts";
import { purgeExpiredSkippedKeys } from "../../../domain/ratchet/skipped_keys.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { crypto, extraFor, pair, receive, send, type Sent, T0, tryReceive } from "./fixtures.ts";

function refusedAsUnavailable(result: ReturnType<typeof tryReceive>, what: string): void {
  assert.ok(result, `${what}: the header should still open`);
  assert.equal(result.kind, "key_unavailable", what);
}

Deno.test("messages within the window open in any order and leave no skipped keys", () => {
  const { alice, bob } = pair("shuffle", 5);
  const sent = Array.from({ length: 5 }, () => send(alice));
  for (const i of [4, 2, 0, 1, 3]) receive(bob, sent[i]!);
  assert.equal(bob.state.skipped.length, 0);
});

Deno.test("out-of-order delivery across a chain boundary opens every message", () => {
  const { alice, bob } = pair("boundary", 10);
  const old = [send(alice), send(alice)];
  receive(alice, send(bob));
  const fresh = [send(alice), send(alice)];
  assert.equal(fresh[0]!.kemStep, true);
  // The second message of the new chain arrives first: it carries the step data too.
  const got = receive(bob, fresh[1]!);
  assert.equal(got.kemStep, true);
  receive(bob, old[1]!);
  receive(bob, fresh[0]!);
  receive(bob, old[0]!);
  assert.equal(bob.state.skipped.length, 0);
});

Deno.test("window overflow: only the newest W skipped keys are kept, older envelopes are refused", () => {
  const { alice, bob } = pair("overflow", 3);
  const sent = Array.from({ length: 6 }, () => send(alice));
  receive(bob, sent[5]!); // skips 0..4, keeps 2, 3, 4
  assert.equal(bob.state.skipped.length, 3);
  refusedAsUnavailable(tryReceive(bob, sent[0]!), "message 0");
  refusedAsUnavailable(tryReceive(bob, sent[1]!), "message 1");
  for (const i of [3, 2, 4]) receive(bob, sent[i]!);
});

Deno.test("the window caps stored keys across chains, oldest dropped first", () => {
  const { alice, bob } = pair("cap", 4);
  const oldChain = [send(alice), send(alice), send(alice)];
  receive(bob, oldChain[2]!); // 0, 1 skipped
  receive(alice, send(bob));
  const newChain = [send(alice), send(alice), send(alice), send(alice)];
  receive(bob, newChain[3]!); // 0, 1, 2 skipped: 5 in all, the oldest goes
  assert.equal(bob.state.skipped.length, 4);
  refusedAsUnavailable(tryReceive(bob, oldChain[0]!), "oldest skipped");
  receive(bob, oldChain[1]!);
  for (const m of newChain.slice(0, 3)) receive(bob, m);
});

Deno.test("strict order (window 0): a later envelope opens, every earlier one is then refused", () => {
  const { alice, bob } = pair("strict", 0);
  const sent = [send(alice), send(alice), send(alice)];
  receive(bob, sent[2]!);
  assert.equal(bob.state.skipped.length, 0);
  refusedAsUnavailable(tryReceive(bob, sent[0]!), "message 0");
  refusedAsUnavailable(tryReceive(bob, sent[1]!), "message 1");
  // Across a chain boundary as well.
  receive(alice, send(bob));
  const next = [send(alice), send(alice)];
  receive(bob, next[1]!);
  refusedAsUnavailable(tryReceive(bob, next[0]!), "first of the new chain");
});

Deno.test("skipped keys expire after RATCHET_SKIPPED_KEY_TTL_MS", () => {
  const { alice, bob } = pair("expiry", 5);
  const sent = [send(alice), send(alice), send(alice)];
  receive(bob, sent[2]!, T0);
  receive(bob, sent[1]!, T0 + RATCHET_SKIPPED_KEY_TTL_MS - 1); // still valid
  refusedAsUnavailable(tryReceive(bob, sent[0]!, T0 + RATCHET_SKIPPED_KEY_TTL_MS), "expired");
  assert.equal(
    purgeExpiredSkippedKeys(bob.state, T0 + RATCHET_SKIPPED_KEY_TTL_MS).skipped.length,
    0,
  );
  assert.equal(bob.state.skipped.length, 1, "purging returns a copy; the input is unchanged");
});

Deno.test("a replayed message is refused as unavailable, whichever way it was first opened", () => {
  const { alice, bob } = pair("replay", 5);
  const sent = [send(alice), send(alice), send(alice)];
  receive(bob, sent[0]!);
  refusedAsUnavailable(tryReceive(bob, sent[0]!), "in-order replay");
  receive(bob, sent[2]!);
  receive(bob, sent[1]!); // from the skipped list
  refusedAsUnavailable(tryReceive(bob, sent[1]!), "replay of a skipped one");
  refusedAsUnavailable(tryReceive(bob, sent[2]!), "replay of the newest");
  receive(alice, send(bob));
  const step = send(alice);
  receive(bob, step);
  refusedAsUnavailable(tryReceive(bob, step), "replay of a chain-starting message");
});

/** `state` as if it had already sent `ns` messages of its current chain (chain advanced too). */
function aheadBy(state: RatchetState, ns: number): RatchetState {
  let chainKey = state.sendChainKey;
  for (let i = 0; i < ns; i++) chainKey = nextChainKey(crypto, chainKey);
  return { ...state, ns, sendChainKey: chainKey };
}

Deno.test("a message may skip exactly RATCHET_MAX_JUMP keys, one more is refused", () => {
  const { alice, bob } = pair("jump", 2);
  const random = seededRandom("jump");
  const base = aheadBy(alice.state, RATCHET_MAX_JUMP);
  const atLimit = ratchetEncrypt(crypto, random, base, extraFor(2));
  const tooFar = ratchetEncrypt(crypto, random, atLimit.state, extraFor(1));
  assert.throws(
    () => tryReceive(bob, { ...tooFar, label: 1 } as Sent),
    (e) => isPlicoError(e, "envelope.limit"),
  );
  receive(bob, { ...atLimit, label: 2 });
  assert.equal(bob.state.skipped.length, 2, "only the window's worth of keys is stored");
});

Deno.test("a new chain whose previous chain would skip too many keys is refused", () => {
  const { alice, bob } = pair("jump-step", 2);
  receive(alice, send(bob));
  const pending = { ...alice.state, ns: RATCHET_MAX_JUMP + 1 }; // becomes PN of the step
  const step = ratchetEncrypt(crypto, seededRandom("jump-step"), pending, extraFor(1));
  assert.equal(step.kemStep, true);
  assert.throws(
    () => tryReceive(bob, { ...step, label: 1 }),
    (e) => isPlicoError(e, "envelope.limit"),
  );
});
