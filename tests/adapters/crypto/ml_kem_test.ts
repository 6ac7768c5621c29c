import assert from "node:assert/strict";
import { shake256 } from "@noble/hashes/sha3.js";
import { concat } from "../../../domain/bytes.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { assertThrowsCode, isPlainBytes } from "./assert_plico.ts";
import { loadVectors } from "./vectors.ts";

const port = createCrypto();

Deno.test("mlkem768KeyPair() reproduces the ACVP FIPS 203 keyGen vector from d || z", () => {
  for (const v of loadVectors("mlkem768_keygen.json").cases) {
    const pair = port.mlkem768KeyPair(concat(v.d, v.z));
    assert.deepEqual(pair.publicKey, v.ek, v.name);
    assert.deepEqual(pair.secretKey, v.dk, v.name);
  }
});

Deno.test("mlkem768Encapsulate() reproduces the ACVP FIPS 203 encapsulation vector from m", () => {
  for (const v of loadVectors("mlkem768_encapsulation.json").cases) {
    const result = port.mlkem768Encapsulate(v.ek, v.m);
    assert.deepEqual(result.ciphertext, v.c, v.name);
    assert.deepEqual(result.sharedSecret, v.k, v.name);
    assert.deepEqual(port.mlkem768Decapsulate(v.c, v.dk), v.k, v.name);
  }
});

Deno.test("mlkem768Decapsulate() reproduces the ACVP FIPS 203 decapsulation vectors, including implicit rejection", () => {
  const cases = loadVectors("mlkem768_decapsulation.json").cases;
  assert.ok(cases.some((v) => v.reason === "modify ciphertext"));
  assert.ok(cases.some((v) => v.reason === "no modification"));
  for (const v of cases) {
    assert.deepEqual(port.mlkem768Decapsulate(v.c, v.dk), v.k, v.name);
  }
});

Deno.test("ML-KEM-768 key pairs from random seeds encapsulate and decapsulate to the same secret", () => {
  const random = seededRandom("mlkem round trip");
  for (let i = 0; i < 10; i++) {
    const pair = port.mlkem768KeyPair(random.randomBytes(64));
    const enc = port.mlkem768Encapsulate(pair.publicKey, random.randomBytes(32));
    assert.equal(enc.ciphertext.length, 1088);
    assert.equal(enc.sharedSecret.length, 32);
    assert.deepEqual(port.mlkem768Decapsulate(enc.ciphertext, pair.secretKey), enc.sharedSecret);
  }
});

Deno.test("a tampered ML-KEM-768 ciphertext decapsulates to J(z || c), the FIPS 203 rejection key, without an error", () => {
  const random = seededRandom("mlkem implicit rejection");
  const pair = port.mlkem768KeyPair(random.randomBytes(64));
  const enc = port.mlkem768Encapsulate(pair.publicKey, random.randomBytes(32));
  const z = pair.secretKey.subarray(2400 - 32);
  for (const position of [0, 500, 1087]) {
    const tampered = enc.ciphertext.slice();
    tampered[position]! ^= 0x10;
    const rejected = port.mlkem768Decapsulate(tampered, pair.secretKey);
    assert.notDeepEqual(rejected, enc.sharedSecret);
    // FIPS 203 Algorithm 18: K-bar = J(z || c) with J = SHAKE256 to 32 bytes.
    assert.deepEqual(rejected, shake256(concat(z, tampered), { dkLen: 32 }));
  }
});

Deno.test("ML-KEM-768 methods refuse wrong lengths with crypto.bad_length", () => {
  const pair = port.mlkem768KeyPair(new Uint8Array(64));
  const enc = port.mlkem768Encapsulate(pair.publicKey, new Uint8Array(32));
  for (const n of [0, 32, 63, 65]) {
    assertThrowsCode(() => port.mlkem768KeyPair(new Uint8Array(n)), "crypto.bad_length");
  }
  for (const n of [0, 31, 33]) {
    assertThrowsCode(
      () => port.mlkem768Encapsulate(pair.publicKey, new Uint8Array(n)),
      "crypto.bad_length",
    );
  }
  assertThrowsCode(
    () => port.mlkem768Encapsulate(pair.publicKey.subarray(1), new Uint8Array(32)),
    "crypto.bad_length",
  );
  assertThrowsCode(
    () => port.mlkem768Decapsulate(enc.ciphertext.subarray(1), pair.secretKey),
    "crypto.bad_length",
  );
  assertThrowsCode(
    () => port.mlkem768Decapsulate(enc.ciphertext, pair.secretKey.subarray(1)),
    "crypto.bad_length",
  );
});

Deno.test("mlkem768Encapsulate() refuses a public key that fails the FIPS 203 modulus check as input.malformed", () => {
  const pair = port.mlkem768KeyPair(new Uint8Array(64).fill(3));
  const bad = pair.publicKey.slice();
  // The first 12-bit coefficient becomes 0xfff >= q = 3329: not a canonical encoding.
  bad[0] = 0xff;
  bad[1] = bad[1]! | 0x0f;
  assertThrowsCode(() => port.mlkem768Encapsulate(bad, new Uint8Array(32)), "input.malformed");
});

Deno.test("mlkem768Decapsulate() refuses a secret key whose embedded hash does not match as input.malformed", () => {
  const pair = port.mlkem768KeyPair(new Uint8Array(64).fill(4));
  const enc = port.mlkem768Encapsulate(pair.publicKey, new Uint8Array(32));
  const corrupt = pair.secretKey.slice();
  corrupt[2400 - 64]! ^= 1; // inside H(ek)
  assertThrowsCode(() => port.mlkem768Decapsulate(enc.ciphertext, corrupt), "input.malformed");
});

Deno.test("ML-KEM-768 shared secrets are plain byte arrays of exactly 32 bytes that the caller can wipe", () => {
  const pair = port.mlkem768KeyPair(new Uint8Array(64).fill(5));
  const enc = port.mlkem768Encapsulate(pair.publicKey, new Uint8Array(32).fill(6));
  const dec = port.mlkem768Decapsulate(enc.ciphertext, pair.secretKey);
  for (const secret of [enc.sharedSecret, dec]) {
    assert.ok(isPlainBytes(secret));
    assert.equal(secret.buffer.byteLength, 32);
  }
});
