import assert from "node:assert/strict";
import { finishHandshake } from "../../../domain/handshake/finish.ts";
import { safetyCodeMatches } from "../../../domain/safety_code.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import { answer, crypto, identity, start, T0 } from "./fixtures.ts";

Deno.test("a man in the middle ends up with different safety codes on the two sides", () => {
  const clock = fixedClock(T0 + 300_000);
  // Alice -> Mallory: Mallory answers Alice's file herself.
  const alice = start("alice");
  const malloryToAlice = answer(alice.file, "mallory-answer", T0 + 60_000, identity("mallory"));
  const aliceSession = finishHandshake(crypto, clock, alice.pending, malloryToAlice.file);
  // Mallory -> Bob: Mallory sends her own initiator file, Bob answers it.
  const malloryStart = start("mallory-start", T0 + 30_000, identity("mallory"));
  const bob = answer(malloryStart.file, "bob", T0 + 90_000, identity("bob"));
  const mallorySession = finishHandshake(crypto, clock, malloryStart.pending, bob.file);

  // Each half is a consistent session with Mallory...
  assert.equal(aliceSession.peerCode, malloryToAlice.result.myCode);
  assert.equal(bob.result.peerCode, mallorySession.myCode);
  // ...but what Bob reads aloud is not what Alice expects, and the other way round, so
  // confirmation fails on both sides.
  assert.equal(safetyCodeMatches(aliceSession.peerCode, bob.result.myCode), false);
  assert.equal(safetyCodeMatches(bob.result.peerCode, aliceSession.myCode), false);
  assert.notDeepEqual(aliceSession.rootKey, bob.result.rootKey);
});

Deno.test("a man in the middle who only relays the files changes nothing: the codes match and the peer is Bob", () => {
  // Passing Alice's file to Bob and Bob's answer back unchanged is not an attack: the codes
  // match and Mallory learns no key (she holds neither ephemeral secret nor the KEM secret).
  const alice = start();
  const bob = answer(alice.file);
  const a = finishHandshake(crypto, fixedClock(T0 + 120_000), alice.pending, bob.file);
  assert.equal(a.peerCode, bob.result.myCode);
  assert.equal(a.myCode, bob.result.peerCode);
  assert.deepEqual(a.peerIdentityPublic, crypto.ed25519PublicKey(identity("bob")));
});
