import assert from "node:assert/strict";
import { toHex } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { sealHeader } from "../../../domain/ratchet/header_cipher.ts";
import { ratchetDecrypt } from "../../../domain/ratchet/ratchet_decrypt.ts";
import { ratchetEncrypt } from "../../../domain/ratchet/ratchet_encrypt.ts";
import { FILLER_BYTES, HEADER_PLAINTEXT_BYTES } from "../../../domain/ratchet/ratchet_format.ts";
import { encodeRatchetHeader } from "../../../domain/ratchet/ratchet_header.ts";
import { type RatchetState, wipeRatchetState } from "../../../domain/ratchet/ratchet_state.ts";
import { decodeRatchetState, encodeRatchetState } from "../../../domain/ratchet/state_codec.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { crypto, extraFor, pair, receive, send, T0, tryReceive } from "./fixtures.ts";

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return toHex(haystack).includes(toHex(needle));
}

/**
 * Refusals that mean "this state holds no key for that header". Anything else thrown (a
 * TypeError from a wiped buffer, an internal error) is a bug, not forward secrecy, and fails.
 */
const REFUSAL_CODES = ["input.malformed"] as const;

/** True when `state` cannot get the message key of `header` (no match, no key, or refused). */
function cannotOpen(state: RatchetState, header: Uint8Array): boolean {
  try {
    const result = ratchetDecrypt(crypto, state, header, T0);
    return result === null || result.kind === "key_unavailable";
  } catch (e) {
    if (REFUSAL_CODES.some((code) => isPlicoError(e, code))) return true;
    throw e;
  }
}

Deno.test("post-compromise: after a round trip a stolen state derives no new message key", () => {
  const { alice, bob } = pair("pcs");
  receive(alice, send(bob));
  receive(bob, send(alice));
  // The thief copies Bob's stored state (as decoded from disk).
  const stolen = decodeRatchetState(crypto, encodeRatchetState(bob.state));
  const stolenRoot = bob.state.rootKey.slice();
  const stolenChain = bob.state.recvChainKey.slice();

  // Healing round trip: Bob steps with fresh secrets the thief never saw, Alice answers.
  const b = send(bob);
  assert.equal(b.kemStep, true);
  receive(alice, b);
  const a = send(alice);
  assert.equal(a.kemStep, true);
  receive(bob, a);
  assert.notDeepEqual(bob.state.rootKey, stolenRoot, "root key changed");
  assert.notDeepEqual(bob.state.recvChainKey, stolenChain, "receiving chain changed");
  assert.ok(cannotOpen(stolen, a.header), "Alice's new chain is out of the thief's reach");
  // A thief who imitates Bob's step with its own randomness reads the header (its key was
  // derived before the compromise, §16) but derives a wrong message key: the step needs Bob's
  // fresh X25519 and ML-KEM secrets.
  const impostor = ratchetEncrypt(crypto, seededRandom("thief"), stolen, extraFor(0)).state;
  const guess = ratchetDecrypt(crypto, impostor, a.header, T0);
  assert.ok(guess && guess.kind === "ok", "the header key was already known");
  assert.notDeepEqual(guess.messageKey, a.messageKey);
  const sameChain = send(alice);
  receive(bob, sameChain);
  assert.ok(cannotOpen(stolen, sameChain.header));

  // One more round trip and the thief cannot even read headers (§16).
  receive(alice, send(bob));
  const later = send(alice);
  receive(bob, later);
  assert.equal(ratchetDecrypt(crypto, stolen, later.header, T0), null);
});

Deno.test("post-compromise: a thief who follows the peer's chain is cut off by the next step", () => {
  const { alice, bob } = pair("pcs-follow");
  receive(alice, send(bob));
  const stolen = decodeRatchetState(crypto, encodeRatchetState(bob.state));
  // Alice's next envelope opens with the stolen state (expected: nothing has healed yet) …
  const a1 = send(alice);
  const thiefView = ratchetDecrypt(crypto, stolen, a1.header, T0);
  assert.ok(thiefView && thiefView.kind === "ok");
  receive(bob, a1);
  // … but after Bob's fresh step and Alice's answer, the advanced stolen state is useless.
  receive(alice, send(bob));
  const a2 = send(alice);
  assert.ok(cannotOpen(thiefView.state, a2.header));
  receive(bob, a2);
  assert.notDeepEqual(bob.state.rootKey, thiefView.state.rootKey);
});

Deno.test("forward secrecy: the state after opening holds neither the message key nor the old chain key", () => {
  const { alice, bob } = pair("fs");
  const sent = [send(alice), send(alice), send(alice)];
  for (const m of sent) {
    const chainBefore = bob.state.recvChainKey.slice();
    receive(bob, m);
    const encoded = encodeRatchetState(bob.state);
    assert.ok(!contains(encoded, m.messageKey), "message key gone");
    assert.ok(!contains(encoded, chainBefore), "previous chain key gone");
  }
  // Skipped keys are the documented exception, and leave once used.
  const more = [send(alice), send(alice)];
  receive(bob, more[1]!);
  assert.ok(contains(encodeRatchetState(bob.state), more[0]!.messageKey));
  receive(bob, more[0]!);
  assert.ok(!contains(encodeRatchetState(bob.state), more[0]!.messageKey));
});

Deno.test("the sender keeps no message key, and a step drops its own used secrets", () => {
  const { alice, bob } = pair("sender-fs");
  const a = send(alice);
  assert.ok(!contains(encodeRatchetState(alice.state), a.messageKey));
  receive(bob, a);
  receive(alice, send(bob));
  const secretBefore = alice.state.ownRatchetSecret;
  assert.equal(secretBefore, null, "the initiator never keeps its setup secret");
  receive(bob, send(alice));
  assert.equal(bob.state.ownRatchetSecret, null, "Bob's secret is gone once Alice stepped to it");
  assert.equal(bob.state.ownKemSecret, null);
});

Deno.test("transitions never change the state they are given", () => {
  const { alice, bob } = pair("pure");
  const aliceBytes = encodeRatchetState(alice.state);
  const bobBytes = encodeRatchetState(bob.state);
  const sent = ratchetEncrypt(crypto, seededRandom("pure"), alice.state, extraFor(1));
  assert.deepEqual(encodeRatchetState(alice.state), aliceBytes);
  const got = ratchetDecrypt(crypto, bob.state, sent.header, T0);
  assert.ok(got && got.kind === "ok");
  assert.deepEqual(encodeRatchetState(bob.state), bobBytes);
  // The old state can be wiped without harming the new one: no buffer is shared.
  const newBytes = encodeRatchetState(got.state);
  wipeRatchetState(bob.state);
  assert.deepEqual(encodeRatchetState(got.state), newBytes);
});

Deno.test("headers of another session, and one's own headers, match no key", () => {
  const one = pair("session-one");
  const two = pair("session-two");
  const message = send(one.alice);
  assert.equal(tryReceive(two.bob, message), null);
  assert.equal(tryReceive(one.alice, message), null, "Alice cannot open what she sent");
  receive(one.bob, message);
});

Deno.test("an authentic header that breaks the protocol is refused as malformed", () => {
  const { alice, bob } = pair("broken");
  const bad = (plaintext: Uint8Array) =>
    sealHeader(crypto, seededRandom("n"), alice.state.sendHeaderKey, plaintext);
  const base = {
    dh: alice.state.ownRatchetPublic,
    pn: 0,
    n: 0,
    kem: null,
    extra: extraFor(1),
  };
  const plain = encodeRatchetHeader(base, new Uint8Array(FILLER_BYTES));
  assert.equal(plain.length, HEADER_PLAINTEXT_BYTES);
  const flagged = plain.slice();
  flagged[0] = 2;
  const otherDh = encodeRatchetHeader(
    { ...base, dh: new Uint8Array(32).fill(9) },
    new Uint8Array(FILLER_BYTES),
  );
  const kemFlag = plain.slice();
  kemFlag[0] = 1; // a KEM flag on an initial chain
  for (const p of [flagged, otherDh, kemFlag]) {
    assert.throws(
      () => ratchetDecrypt(crypto, bob.state, bad(p), T0),
      (e) => isPlicoError(e, "input.malformed"),
    );
  }
});

Deno.test("a peer that starts two chains in a row is refused", () => {
  const { alice, bob } = pair("twice");
  receive(alice, send(bob));
  receive(bob, send(alice)); // step 1 (Alice)
  // Force Alice to step again without having seen Bob's step.
  const forced = ratchetEncrypt(
    crypto,
    seededRandom("twice"),
    { ...alice.state, pending: true },
    extraFor(9),
  );
  assert.throws(
    () => ratchetDecrypt(crypto, bob.state, forced.header, T0),
    (e) => isPlicoError(e, "input.malformed") && /two chains/.test(e.message),
  );
});

Deno.test("a header of the wrong length is refused before any key is tried", () => {
  const { bob } = pair("length");
  for (const length of [0, 1, 2385, 2387]) {
    assert.throws(
      () => ratchetDecrypt(crypto, bob.state, new Uint8Array(length), T0),
      (e) => isPlicoError(e, "input.malformed"),
    );
  }
});
