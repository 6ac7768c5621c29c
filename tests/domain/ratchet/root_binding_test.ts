/**
 * PROTOCOL-envelope §3.1: a root step binds what it consumed — both X25519 ratchet public keys,
 * the ML-KEM ciphertext and the new encapsulation key — into the HKDF info, X-Wing style.
 * Checked against a reference model written from the spec with noble's HKDF and X25519.
 */

import assert from "node:assert/strict";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concat, utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { rootStep, type RootStepPublics } from "../../../domain/ratchet/ratchet_kdf.ts";
import { crypto, pair, receive, send } from "./fixtures.ts";
import { seededRandom } from "../../support/seeded_random.ts";

/** §3.1 written from the spec: HKDF-SHA-256(dh || ss, RK, label || 0x00 || publics, 96). */
function referenceRootStep(
  rootKey: Uint8Array,
  dh: Uint8Array,
  ss: Uint8Array,
  p: RootStepPublics,
): Uint8Array {
  const info = concat(
    utf8("plico/v2/ratchet/root"),
    new Uint8Array([0]),
    p.senderRatchetPublic,
    p.receiverRatchetPublic,
    p.kemCiphertext,
    p.kemPublic,
  );
  return hkdf(sha256, concat(dh, ss), rootKey, info, 96);
}

Deno.test("a receive step derives the root and next header key from the spec's bound KDF", () => {
  const { alice, bob } = pair("root binding");
  receive(alice, send(bob)); // Bob's initial chain: Alice answers with step 1.
  for (let round = 0; round < 3; round++) {
    const [from, to] = round % 2 === 0 ? [alice, bob] : [bob, alice];
    const before = to.state;
    const step = send(from);
    const got = receive(to, step);
    const kem = got.header.kem!;
    const dh = x25519.getSharedSecret(before.ownRatchetSecret!, got.header.dh);
    const ss = crypto.mlkem768Decapsulate(kem.ciphertext, before.ownKemSecret!);
    const out = referenceRootStep(before.rootKey, dh, ss, {
      senderRatchetPublic: got.header.dh,
      receiverRatchetPublic: before.ownRatchetPublic,
      kemCiphertext: kem.ciphertext,
      kemPublic: kem.publicKey,
    });
    assert.deepEqual(to.state.rootKey, out.subarray(0, 32), `round ${round}: root key`);
    assert.deepEqual(to.state.nextRecvHeaderKey, out.subarray(64, 96), `round ${round}: NHK`);
    // The sender computed the same step from its side of the same values.
    assert.deepEqual(from.state.rootKey, to.state.rootKey);
  }
});

Deno.test("changing any consumed public value changes every output of the root step", () => {
  const r = seededRandom("root step inputs");
  const rootKey = r.randomBytes(32);
  const dh = r.randomBytes(32);
  const ss = r.randomBytes(32);
  const publics: RootStepPublics = {
    senderRatchetPublic: r.randomBytes(32),
    receiverRatchetPublic: r.randomBytes(32),
    kemCiphertext: r.randomBytes(1088),
    kemPublic: r.randomBytes(1184),
  };
  const base = rootStep(crypto, rootKey, dh, ss, publics);
  assert.deepEqual(
    concat(base.rootKey, base.chainKey, base.nextHeaderKey),
    referenceRootStep(rootKey, dh, ss, publics),
  );
  for (const field of Object.keys(publics) as (keyof RootStepPublics)[]) {
    for (const at of [0, publics[field].length - 1]) {
      const changed = { ...publics, [field]: publics[field].slice() };
      changed[field][at]! ^= 1;
      const other = rootStep(crypto, rootKey, dh, ss, changed);
      assert.notDeepEqual(other.rootKey, base.rootKey, `${field}[${at}]`);
      assert.notDeepEqual(other.chainKey, base.chainKey, `${field}[${at}]`);
      assert.notDeepEqual(other.nextHeaderKey, base.nextHeaderKey, `${field}[${at}]`);
    }
  }
  // Swapping the two DH keys (sender and receiver roles) also changes the step.
  const swapped = rootStep(crypto, rootKey, dh, ss, {
    ...publics,
    senderRatchetPublic: publics.receiverRatchetPublic,
    receiverRatchetPublic: publics.senderRatchetPublic,
  });
  assert.notDeepEqual(swapped.rootKey, base.rootKey);
  assert.throws(
    () => rootStep(crypto, rootKey, dh, ss, { ...publics, kemPublic: new Uint8Array(1183) }),
    (e) => isPlicoError(e, "internal"),
  );
});
