import assert from "node:assert/strict";
import { ed25519 } from "@noble/curves/ed25519.js";
import { concat } from "../../../domain/bytes.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { assertThrowsCode } from "./assert_plico.ts";
import { loadVectors } from "./vectors.ts";

const port = createCrypto();

/** Iterations the suite runs; the 1,000,000 case belongs to x25519_million_iterations.ts. */
const SUITE_MAX_ITERATIONS = 1000;

Deno.test("x25519() reproduces the RFC 7748 5.2 single scalar multiplications", () => {
  for (const v of loadVectors("x25519_scalar_mult.json").cases) {
    assert.deepEqual(port.x25519(v.scalar, v.u), v.output, v.name);
  }
});

Deno.test("x25519() reproduces the RFC 7748 5.2 iterated vectors after 1 and 1,000 iterations", () => {
  const targets = loadVectors("x25519_iterated.json").cases
    .filter((v) => v.iterations <= SUITE_MAX_ITERATIONS);
  assert.deepEqual(targets.map((v) => v.iterations), [1, 1000]);
  let k: Uint8Array = new Uint8Array(32);
  k[0] = 9;
  let u: Uint8Array = k.slice();
  for (let i = 1; i <= SUITE_MAX_ITERATIONS; i++) {
    const next = port.x25519(k, u);
    u = k;
    k = next;
    const target = targets.find((v) => v.iterations === i);
    if (target) assert.deepEqual(k, target.output, target.name);
  }
});

Deno.test("x25519PublicKey() and x25519() reproduce the RFC 7748 6.1 Diffie-Hellman exchange", () => {
  for (const v of loadVectors("x25519_dh.json").cases) {
    assert.deepEqual(port.x25519PublicKey(v.alice_private), v.alice_public);
    assert.deepEqual(port.x25519PublicKey(v.bob_private), v.bob_public);
    assert.deepEqual(port.x25519(v.alice_private, v.bob_public), v.shared);
    assert.deepEqual(port.x25519(v.bob_private, v.alice_public), v.shared);
  }
});

Deno.test("x25519() refuses every listed low-order public key with crypto.weak_key", () => {
  const random = seededRandom("low order");
  const cases = loadVectors("x25519_low_order.json").cases;
  assert.ok(cases.length >= 10);
  for (const v of cases) {
    for (let i = 0; i < 4; i++) {
      assertThrowsCode(() => port.x25519(random.randomBytes(32), v.u), "crypto.weak_key");
    }
  }
});

Deno.test("x25519() agrees in both directions on random key pairs", () => {
  const random = seededRandom("x25519 agreement");
  for (let i = 0; i < 20; i++) {
    const a = random.randomBytes(32);
    const b = random.randomBytes(32);
    assert.deepEqual(
      port.x25519(a, port.x25519PublicKey(b)),
      port.x25519(b, port.x25519PublicKey(a)),
    );
  }
});

Deno.test("X25519 methods refuse keys that are not 32 bytes with crypto.bad_length", () => {
  const k = new Uint8Array(32).fill(7);
  const pub = port.x25519PublicKey(k);
  for (const length of [0, 31, 33, 64]) {
    assertThrowsCode(() => port.x25519PublicKey(new Uint8Array(length)), "crypto.bad_length");
    assertThrowsCode(() => port.x25519(new Uint8Array(length), pub), "crypto.bad_length");
    assertThrowsCode(() => port.x25519(k, new Uint8Array(length)), "crypto.bad_length");
  }
});

Deno.test("ed25519 methods reproduce RFC 8032 7.1 tests 1, 2, 3 and SHA(abc)", () => {
  const cases = loadVectors("ed25519.json").cases;
  assert.equal(cases.length, 4);
  for (const v of cases) {
    assert.deepEqual(port.ed25519PublicKey(v.secret_key), v.public_key, v.name);
    assert.deepEqual(port.ed25519Sign(v.secret_key, v.message), v.signature, v.name);
    assert.equal(port.ed25519Verify(v.public_key, v.message, v.signature), true, v.name);
  }
});

Deno.test("ed25519Verify() returns false for every single-bit flip of signature, message or key", () => {
  const v = loadVectors("ed25519.json").cases[2]!;
  const flipped = (bytes: Uint8Array, bit: number) => {
    const copy = bytes.slice();
    copy[bit >> 3]! ^= 1 << (bit & 7);
    return copy;
  };
  for (let bit = 0; bit < v.signature.length * 8; bit++) {
    assert.equal(port.ed25519Verify(v.public_key, v.message, flipped(v.signature, bit)), false);
  }
  for (let bit = 0; bit < v.message.length * 8; bit++) {
    assert.equal(port.ed25519Verify(v.public_key, flipped(v.message, bit), v.signature), false);
  }
  for (let bit = 0; bit < v.public_key.length * 8; bit++) {
    assert.equal(port.ed25519Verify(flipped(v.public_key, bit), v.message, v.signature), false);
  }
});

Deno.test("ed25519Verify() returns false, never throws, on malformed keys and signatures", () => {
  const v = loadVectors("ed25519.json").cases[1]!;
  const nonCanonicalKey = new Uint8Array(32).fill(0xff); // y >= p: not a valid encoding
  nonCanonicalKey[31] = 0x7f;
  const inputs: [unknown, unknown, unknown][] = [
    [v.public_key.subarray(0, 31), v.message, v.signature],
    [concat(v.public_key, new Uint8Array(1)), v.message, v.signature],
    [new Uint8Array(0), v.message, v.signature],
    [nonCanonicalKey, v.message, v.signature],
    [v.public_key, v.message, v.signature.subarray(0, 63)],
    [v.public_key, v.message, concat(v.signature, new Uint8Array(1))],
    [v.public_key, v.message, new Uint8Array(64)],
    [v.public_key, v.message, new Uint8Array(64).fill(0xff)],
    ["not bytes", v.message, v.signature],
    [v.public_key, null, v.signature],
    [v.public_key, v.message, undefined],
  ];
  for (const [pk, msg, sig] of inputs) {
    assert.equal(
      port.ed25519Verify(pk as Uint8Array, msg as Uint8Array, sig as Uint8Array),
      false,
    );
  }
});

Deno.test("ed25519Verify() refuses a signature whose S is not reduced (S + L), so signatures are not malleable", () => {
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  for (const v of loadVectors("ed25519.json").cases) {
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(v.signature[i]!);
    let t = s + L;
    const mauled = v.signature.slice();
    for (let i = 32; i < 64; i++) {
      mauled[i] = Number(t & 0xffn);
      t >>= 8n;
    }
    assert.equal(port.ed25519Verify(v.public_key, v.message, mauled), false, v.name);
  }
});

Deno.test("ed25519Verify() refuses the identity public key with the trivial signature that cofactored verification would accept", () => {
  const identity = new Uint8Array(32);
  identity[0] = 1; // the neutral point (0, 1)
  const trivial = new Uint8Array(64);
  trivial[0] = 1; // R = neutral point, S = 0
  const message = new Uint8Array([1, 2, 3]);
  // The premise: permissive (ZIP-215) verification accepts this forgery for any message.
  assert.equal(ed25519.verify(trivial, message, identity, { zip215: true }), true);
  assert.equal(port.ed25519Verify(identity, message, trivial), false);
});

Deno.test("ed25519 signing refuses secret keys that are not 32 bytes with crypto.bad_length", () => {
  for (const length of [0, 31, 33, 64]) {
    assertThrowsCode(() => port.ed25519PublicKey(new Uint8Array(length)), "crypto.bad_length");
    assertThrowsCode(
      () => port.ed25519Sign(new Uint8Array(length), new Uint8Array(1)),
      "crypto.bad_length",
    );
  }
});
