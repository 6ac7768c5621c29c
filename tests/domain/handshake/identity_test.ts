import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { finishHandshake } from "../../../domain/handshake/finish.ts";
import { INITIATOR, RESPONDER } from "../../../domain/handshake/format.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import {
  answer,
  crypto,
  identity,
  patched,
  resignInitiator,
  resignResponder,
  start,
  T0,
} from "./fixtures.ts";

const mallory = identity("mallory");
const malloryPublic = crypto.ed25519PublicKey(mallory);
const later = fixedClock(T0 + 120_000);

Deno.test("an initiator file with a swapped identity key and the old signature is refused", () => {
  const alice = start();
  const swapped = patched(alice.file, INITIATOR.identity, malloryPublic);
  assert.throws(() => answer(swapped), (e) => isPlicoError(e, "crypto.auth_failed"));
});

Deno.test("a responder file with a swapped identity key and the old signature is refused", () => {
  const alice = start();
  const bob = answer(alice.file);
  const swapped = patched(bob.file, RESPONDER.identity, malloryPublic);
  assert.throws(
    () => finishHandshake(crypto, later, alice.pending, swapped),
    (e) => isPlicoError(e, "crypto.auth_failed"),
  );
});

Deno.test("an initiator file re-signed under another identity cannot be used to answer Alice", () => {
  // Mallory takes Alice's file, puts in her own identity and signs it: the file is valid (it is
  // now Mallory's), Bob answers it, but Bob's answer names the hash of Mallory's file, so Alice
  // refuses it — and Bob's code belongs to a transcript Alice never sees.
  const alice = start();
  const stolen = resignInitiator(patched(alice.file, INITIATOR.identity, malloryPublic), mallory);
  const bob = answer(stolen);
  assert.deepEqual(bob.result.peerIdentityPublic, malloryPublic);
  assert.throws(
    () => finishHandshake(crypto, later, alice.pending, bob.file),
    (e) => isPlicoError(e, "session.conflict") && /different initiator file/.test(e.message),
  );
});

Deno.test("a responder file re-signed under another identity gives Alice a different safety code", () => {
  // Mallory replaces Bob's identity in his answer and re-signs it. Alice accepts a valid answer
  // of Mallory's, but her transcript differs from Bob's: the codes they compare differ, and the
  // root keys differ too (Mallory still knows neither, lacking Bob's ephemeral secret).
  const alice = start();
  const bob = answer(alice.file);
  const forged = resignResponder(patched(bob.file, RESPONDER.identity, malloryPublic), mallory);
  const a = finishHandshake(crypto, later, alice.pending, forged);
  assert.deepEqual(a.peerIdentityPublic, malloryPublic);
  assert.notEqual(a.peerCode, bob.result.myCode);
  assert.notDeepEqual(a.rootKey, bob.result.rootKey);
});

Deno.test("nobody can answer their own initiator file", () => {
  const alice = start();
  assert.throws(
    () => answer(alice.file, "bob", T0 + 60_000, identity("alice")),
    (e) => isPlicoError(e, "session.conflict") && /own identity/.test(e.message),
  );
});

Deno.test("a responder file signed with the initiator's own identity is refused when finishing", () => {
  const alice = start();
  const bob = answer(alice.file);
  const aliceKey = crypto.ed25519PublicKey(identity("alice"));
  const mirrored = resignResponder(
    patched(bob.file, RESPONDER.identity, aliceKey),
    identity("alice"),
  );
  assert.throws(
    () => finishHandshake(crypto, later, alice.pending, mirrored),
    (e) => isPlicoError(e, "session.conflict") && /own identity/.test(e.message),
  );
});

Deno.test("a responder file for another initiator file is refused", () => {
  const alice = start("alice-1");
  const other = start("alice-2"); // same identity, another session
  const bobForOther = answer(other.file);
  assert.throws(
    () => finishHandshake(crypto, later, alice.pending, bobForOther.file),
    (e) => isPlicoError(e, "session.conflict") && /different initiator file/.test(e.message),
  );
});
