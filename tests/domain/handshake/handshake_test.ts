import assert from "node:assert/strict";
import { armor, dearmor, isArmored } from "../../../domain/armor.ts";
import { toHex } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { finishHandshake } from "../../../domain/handshake/finish.ts";
import { INITIATOR, RESPONDER } from "../../../domain/handshake/format.ts";
import { decodePending, encodePending, wipePending } from "../../../domain/handshake/pending.ts";
import { wipeHandshakeResult } from "../../../domain/handshake/result.ts";
import {
  SESSION_LIFETIME_DEFAULT_SECONDS,
  SKIPPED_KEY_WINDOW_DEFAULT,
} from "../../../domain/limits.ts";
import { safetyCodeMatches } from "../../../domain/safety_code.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import { answer, crypto, identity, start, T0 } from "./fixtures.ts";

Deno.test("a full handshake gives both sides the same root key, transcript and safety code", () => {
  const alice = start();
  const bob = answer(alice.file);
  const done = finishHandshake(crypto, fixedClock(T0 + 120_000), alice.pending, bob.file);

  assert.equal(alice.file.length, INITIATOR.length);
  assert.equal(bob.file.length, RESPONDER.length);
  assert.equal(toHex(done.rootKey), toHex(bob.result.rootKey));
  assert.equal(toHex(done.transcriptHash), toHex(bob.result.transcriptHash));
  // Alice expects what Bob reads aloud and Bob expects what Alice reads; the codes differ.
  assert.equal(done.peerCode, bob.result.myCode);
  assert.equal(done.myCode, bob.result.peerCode);
  assert.match(done.myCode, /^[0-9]{30}$/);
  assert.match(done.peerCode, /^[0-9]{30}$/);
  assert.ok(safetyCodeMatches(done.peerCode, bob.result.myCode));
  assert.equal(safetyCodeMatches(done.peerCode, done.myCode), false);
  assert.equal(done.rootKey.length, 32);
  assert.notEqual(toHex(done.rootKey), toHex(new Uint8Array(32)));
});

Deno.test("the two results mirror each other's own and peer keys", () => {
  const alice = start();
  const bob = answer(alice.file);
  const a = finishHandshake(crypto, fixedClock(T0 + 120_000), alice.pending, bob.file);
  const b = bob.result;

  assert.equal(a.role, "initiator");
  assert.equal(b.role, "responder");
  assert.deepEqual(a.ownIdentityPublic, b.peerIdentityPublic);
  assert.deepEqual(b.ownIdentityPublic, a.peerIdentityPublic);
  assert.deepEqual(a.ownIdentityPublic, crypto.ed25519PublicKey(identity("alice")));
  assert.deepEqual(b.ownIdentityPublic, crypto.ed25519PublicKey(identity("bob")));
  assert.deepEqual(a.ownRatchet.publicKey, b.peerRatchetPublic);
  assert.deepEqual(b.ownRatchet.publicKey, a.peerRatchetPublic);
  assert.deepEqual(a.ownKem.publicKey, b.peerKemPublic);
  assert.deepEqual(b.ownKem.publicKey, a.peerKemPublic);
  // The own pairs are real pairs: the secret keys give the public keys.
  assert.deepEqual(crypto.x25519PublicKey(a.ownRatchet.secretKey), a.ownRatchet.publicKey);
  assert.deepEqual(crypto.x25519PublicKey(b.ownRatchet.secretKey), b.ownRatchet.publicKey);
  const probe = crypto.mlkem768Encapsulate(b.ownKem.publicKey, new Uint8Array(32).fill(7));
  assert.deepEqual(
    crypto.mlkem768Decapsulate(probe.ciphertext, b.ownKem.secretKey),
    probe.sharedSecret,
  );
  const probe2 = crypto.mlkem768Encapsulate(a.ownKem.publicKey, new Uint8Array(32).fill(9));
  assert.deepEqual(
    crypto.mlkem768Decapsulate(probe2.ciphertext, a.ownKem.secretKey),
    probe2.sharedSecret,
  );

  assert.deepEqual(a.sessionNonce, b.sessionNonce);
  assert.deepEqual(a.initiatorFileHash, crypto.sha3_256(alice.file));
  assert.deepEqual(b.initiatorFileHash, a.initiatorFileHash);
  assert.deepEqual(a.params, {
    lifetimeSeconds: SESSION_LIFETIME_DEFAULT_SECONDS,
    skippedKeyWindow: SKIPPED_KEY_WINDOW_DEFAULT,
  });
  assert.deepEqual(b.params, a.params);
  assert.equal(a.createdAt, T0);
  assert.equal(a.answeredAt, T0 + 60_000);
  assert.equal(b.answeredAt, a.answeredAt);
  assert.equal(a.expiresAt, T0 + 60_000 + SESSION_LIFETIME_DEFAULT_SECONDS * 1000);
  assert.equal(b.expiresAt, a.expiresAt);
});

Deno.test("the chosen session parameters reach both results", () => {
  const params = { lifetimeSeconds: 3600, skippedKeyWindow: 0 };
  const alice = start("alice", T0, identity("alice"), params);
  const bob = answer(alice.file);
  const a = finishHandshake(crypto, fixedClock(T0), alice.pending, bob.file);
  assert.deepEqual(a.params, params);
  assert.deepEqual(bob.result.params, params);
  assert.equal(a.expiresAt, T0 + 60_000 + 3_600_000);
});

Deno.test("parameters out of range are refused when creating a file", () => {
  for (
    const params of [
      { lifetimeSeconds: 3599, skippedKeyWindow: 0 },
      { lifetimeSeconds: 3650 * 86_400 + 1, skippedKeyWindow: 0 },
      { lifetimeSeconds: 3600.5, skippedKeyWindow: 0 },
      { lifetimeSeconds: 3600, skippedKeyWindow: 1001 },
      { lifetimeSeconds: 3600, skippedKeyWindow: -1 },
      { lifetimeSeconds: 3600, skippedKeyWindow: Number.NaN },
    ]
  ) {
    assert.throws(
      () => start("alice", T0, identity("alice"), params),
      (e) => isPlicoError(e, "input.malformed"),
      JSON.stringify(params),
    );
  }
});

Deno.test("different randomness gives different sessions and codes", () => {
  const a1 = start("alice-1");
  const a2 = start("alice-2");
  const b1 = answer(a1.file, "bob-1");
  const b2 = answer(a2.file, "bob-2");
  assert.notEqual(b1.result.myCode, b2.result.myCode);
  assert.notEqual(toHex(b1.result.rootKey), toHex(b2.result.rootKey));
  // Answering the same initiator file twice gives two different sessions (PROTOCOL-handshake §14).
  const b1again = answer(a1.file, "bob-other");
  assert.notEqual(b1.result.myCode, b1again.result.myCode);
});

Deno.test("a stored pending record finishes the handshake like the original", () => {
  const alice = start();
  const bob = answer(alice.file);
  const stored = encodePending(alice.pending);
  assert.equal(stored.length, 1472);
  const restored = decodePending(crypto, stored);
  assert.deepEqual(encodePending(restored), stored);
  const a = finishHandshake(crypto, fixedClock(T0 + 120_000), restored, bob.file);
  assert.equal(toHex(a.rootKey), toHex(bob.result.rootKey));
});

Deno.test("finishing twice with the same file gives the same session and leaves pending intact", () => {
  const alice = start();
  const bob = answer(alice.file);
  const before = encodePending(alice.pending);
  const clock = fixedClock(T0 + 120_000);
  const first = finishHandshake(crypto, clock, alice.pending, bob.file);
  const second = finishHandshake(crypto, clock, alice.pending, bob.file);
  assert.deepEqual(encodePending(alice.pending), before);
  assert.equal(toHex(first.rootKey), toHex(second.rootKey));
  assert.equal(first.myCode, second.myCode);
  assert.equal(first.peerCode, second.peerCode);
  // The results own their secrets: wiping one leaves the other and the pending record intact.
  wipeHandshakeResult(first);
  assert.deepEqual(first.rootKey, new Uint8Array(32));
  assert.deepEqual(first.ownRatchet.secretKey, new Uint8Array(32));
  assert.notDeepEqual(second.rootKey, new Uint8Array(32));
  assert.deepEqual(encodePending(alice.pending), before);
});

Deno.test("a pending record that does not match its file is refused", () => {
  const alice = start();
  const other = start("alice-other");
  const mixedSecret = { ...alice.pending, ephemeralSecret: other.pending.ephemeralSecret };
  assert.throws(
    () => decodePending(crypto, encodePending(mixedSecret)),
    (e) => isPlicoError(e, "input.malformed"),
  );
  const mixedSeed = { ...alice.pending, kemSeed: other.pending.kemSeed };
  assert.throws(
    () => decodePending(crypto, encodePending(mixedSeed)),
    (e) => isPlicoError(e, "input.malformed"),
  );
  const stored = encodePending(alice.pending);
  for (const bad of [stored.subarray(1), new Uint8Array([...stored, 0]), alice.file]) {
    assert.throws(() => decodePending(crypto, bad), (e) => isPlicoError(e, "input.malformed"));
  }
  const bob = answer(alice.file);
  assert.throws(
    () => finishHandshake(crypto, fixedClock(T0), mixedSeed, bob.file),
    (e) => isPlicoError(e, "input.malformed"),
  );
});

Deno.test("wipePending zeroes the pending secrets", () => {
  const alice = start();
  wipePending(alice.pending);
  assert.deepEqual(alice.pending.ephemeralSecret, new Uint8Array(32));
  assert.deepEqual(alice.pending.kemSeed, new Uint8Array(64));
});

Deno.test("a file of the wrong kind is refused with a message naming what it is", () => {
  const alice = start();
  const bob = answer(alice.file);
  assert.throws(
    () => answer(bob.file),
    (e) =>
      isPlicoError(e, "input.malformed") && /responder file, not an initiator file/.test(e.message),
  );
  assert.throws(
    () => finishHandshake(crypto, fixedClock(T0), alice.pending, alice.file),
    (e) =>
      isPlicoError(e, "input.malformed") && /initiator file, not a responder file/.test(e.message),
  );
});

Deno.test("setup files survive armoring and are told apart by their armor kind", () => {
  const alice = start();
  const armoredI = armor("INITIATOR", alice.file);
  const bob = answer(dearmor(armoredI, "INITIATOR").bytes);
  const armoredR = armor("RESPONDER", bob.file);
  assert.ok(isArmored(armoredR) && !isArmored(bob.file));
  assert.throws(() => dearmor(armoredR, "INITIATOR"), (e) => isPlicoError(e, "input.malformed"));
  const a = finishHandshake(
    crypto,
    fixedClock(T0 + 120_000),
    alice.pending,
    dearmor(armoredR).bytes,
  );
  assert.equal(a.peerCode, bob.result.myCode);
});
