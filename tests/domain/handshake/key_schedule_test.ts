import assert from "node:assert/strict";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { concat, toHex, u32be, utf8 } from "../../../domain/bytes.ts";
import { finishHandshake } from "../../../domain/handshake/finish.ts";
import { INITIATOR, RESPONDER } from "../../../domain/handshake/format.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import { answer, crypto, start, T0 } from "./fixtures.ts";

// Reference model of PROTOCOL-handshake §3, §4 and §7, written from the spec with the libraries
// directly (not through the crypto port or the domain helpers).

const tagged = (label: string, data: Uint8Array) => concat(utf8(label), new Uint8Array([0]), data);
const lp = (x: Uint8Array) => concat(u32be(x.length), x);

Deno.test("transcript, root key and ratchet keys follow the spec's key schedule", () => {
  const alice = start();
  const bob = answer(alice.file);
  const a = finishHandshake(crypto, fixedClock(T0 + 120_000), alice.pending, bob.file);

  const transcript = sha3_256(
    tagged("plico/v2/transcript", concat(lp(alice.file), lp(bob.file))),
  );
  assert.equal(toHex(a.transcriptHash), toHex(transcript));

  const dh = x25519.getSharedSecret(
    alice.pending.ephemeralSecret,
    bob.file.slice(RESPONDER.ephemeral, RESPONDER.ephemeral + 32),
  );
  const kemPair = ml_kem768.keygen(alice.pending.kemSeed);
  const kem = ml_kem768.decapsulate(
    bob.file.slice(RESPONDER.kemCiphertext, RESPONDER.kemPublic),
    kemPair.secretKey,
  );
  const root = hkdf(sha3_256, concat(dh, kem), transcript, utf8("plico/v2/root-key"), 32);
  assert.equal(toHex(a.rootKey), toHex(root));
  assert.equal(toHex(bob.result.rootKey), toHex(root));
  assert.deepEqual(a.ownKem.secretKey, kemPair.secretKey);
});

Deno.test("each file is signed over its body under its own label, by its own identity", () => {
  const alice = start();
  const bob = answer(alice.file);
  const iBody = alice.file.subarray(0, INITIATOR.signature);
  const rBody = bob.file.subarray(0, RESPONDER.signature);
  const iSig = alice.file.subarray(INITIATOR.signature);
  const rSig = bob.file.subarray(RESPONDER.signature);
  const iKey = alice.file.subarray(INITIATOR.identity, INITIATOR.identity + 32);
  const rKey = bob.file.subarray(RESPONDER.identity, RESPONDER.identity + 32);
  const strict = { zip215: false };
  assert.ok(ed25519.verify(iSig, tagged("plico/v2/sig/initiator", iBody), iKey, strict));
  assert.ok(ed25519.verify(rSig, tagged("plico/v2/sig/responder", rBody), rKey, strict));
  // The labels separate the two kinds: neither signature verifies under the other label.
  assert.ok(!ed25519.verify(iSig, tagged("plico/v2/sig/responder", iBody), iKey, strict));
  assert.ok(!ed25519.verify(rSig, tagged("plico/v2/sig/initiator", rBody), rKey, strict));
  // The responder names the SHA3-256 of the whole initiator file.
  assert.deepEqual(
    bob.file.subarray(RESPONDER.initiatorHash, RESPONDER.initiatorHash + 32),
    sha3_256(alice.file),
  );
});

Deno.test("the fixed layout of the initiator file matches the spec's offsets", () => {
  const params = { lifetimeSeconds: 0x01020304, skippedKeyWindow: 999 };
  const alice = start("layout", T0 + 0x0abc, undefined, params);
  const f = alice.file;
  assert.deepEqual([...f.subarray(0, 8)], [0x50, 0x4c, 0x49, 0x43, 0x4f, 0x01, 0x02, 0x01]);
  const view = new DataView(f.buffer, f.byteOffset);
  assert.equal(view.getUint32(INITIATOR.params), params.lifetimeSeconds);
  assert.equal(view.getUint16(INITIATOR.params + 4), 999);
  assert.equal(view.getUint16(INITIATOR.params + 6), 0);
  assert.equal(Number(view.getBigUint64(INITIATOR.createdAt)), T0 + 0x0abc);
  assert.deepEqual(
    f.subarray(INITIATOR.ephemeral, INITIATOR.ephemeral + 32),
    x25519.getPublicKey(alice.pending.ephemeralSecret),
  );
  assert.deepEqual(
    f.subarray(INITIATOR.kemPublic, INITIATOR.params),
    ml_kem768.keygen(alice.pending.kemSeed).publicKey,
  );
  const bob = answer(f);
  assert.deepEqual([...bob.file.subarray(0, 8)], [0x50, 0x4c, 0x49, 0x43, 0x4f, 0x02, 0x02, 0x01]);
  const rView = new DataView(bob.file.buffer, bob.file.byteOffset);
  assert.equal(Number(rView.getBigUint64(RESPONDER.createdAt)), T0 + 60_000);
});
