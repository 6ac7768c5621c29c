import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { initRatchet } from "../../../domain/ratchet/init_ratchet.ts";
import { crypto, setupInits } from "./fixtures.ts";

Deno.test("both initial states mirror each other's chains and header keys", () => {
  const { alice, bob } = setupInits("init");
  const a = initRatchet(crypto, alice);
  const b = initRatchet(crypto, bob);
  assert.deepEqual(a.rootKey, b.rootKey);
  assert.deepEqual(a.sendChainKey, b.recvChainKey);
  assert.deepEqual(a.recvChainKey, b.sendChainKey);
  assert.deepEqual(a.sendHeaderKey, b.recvHeaderKey);
  assert.deepEqual(a.nextSendHeaderKey, b.nextRecvHeaderKey);
  assert.deepEqual(a.nextRecvHeaderKey, b.nextSendHeaderKey);
  assert.notDeepEqual(a.sendChainKey, a.recvChainKey, "role-specific labels");
  assert.notDeepEqual(a.rootKey, alice.rootKey, "the setup root key is not used directly");
  assert.equal(a.ownRatchetSecret, null, "the initiator drops its setup secrets");
  assert.equal(a.ownKemSecret, null);
  assert.deepEqual(b.ownRatchetSecret, bob.ownRatchet.secretKey);
  assert.deepEqual(b.ownKemSecret, bob.ownKem!.secretKey);
  assert.notEqual(b.ownKemSecret, bob.ownKem!.secretKey, "copied, so the caller may wipe");
});

Deno.test("a different transcript gives unrelated keys", () => {
  const { alice } = setupInits("init");
  const other = { ...alice, transcriptHash: new Uint8Array(32) };
  assert.notDeepEqual(initRatchet(crypto, alice).rootKey, initRatchet(crypto, other).rootKey);
});

Deno.test("initialisation refuses wrong sizes, a window out of range and a mismatched pair", () => {
  const { alice, bob } = setupInits("init");
  const internal = (e: unknown) => isPlicoError(e, "internal");
  const bad = [
    { ...alice, rootKey: new Uint8Array(31) },
    { ...alice, transcriptHash: new Uint8Array(33) },
    { ...alice, peerKemPublic: new Uint8Array(1183) },
    { ...alice, skippedKeyWindow: 1001 },
    { ...alice, skippedKeyWindow: -1 },
    { ...bob, ownKem: null },
    { ...bob, ownRatchet: { ...bob.ownRatchet, publicKey: alice.ownRatchet.publicKey } },
  ];
  for (const init of bad) assert.throws(() => initRatchet(crypto, init), internal);
});
