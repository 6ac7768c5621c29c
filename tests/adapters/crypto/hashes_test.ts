import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { concat } from "../../../domain/bytes.ts";
import type { HashName } from "../../../domain/ports.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { assertThrowsCode, isPlainBytes } from "./assert_plico.ts";
import { loadVectors } from "./vectors.ts";

const port = createCrypto();

Deno.test("sha3_256() and sha256() reproduce the FIPS 202 and FIPS 180-4 examples", () => {
  const cases = loadVectors("digests.json").cases;
  for (const v of cases) {
    const digest = v.algorithm === "sha3-256"
      ? port.sha3_256(v.message)
      : v.algorithm === "sha256"
      ? port.sha256(v.message)
      : assert.fail(`unknown algorithm ${v.algorithm}`);
    assert.deepEqual(digest, v.digest, v.name);
  }
  assert.deepEqual(new Set(cases.map((v) => v.algorithm)), new Set(["sha3-256", "sha256"]));
});

Deno.test("hmac('sha256') reproduces RFC 4231 test cases 1, 2, 3, 4, 6 and 7", () => {
  for (const v of loadVectors("hmac_sha256.json").cases) {
    assert.deepEqual(port.hmac("sha256", v.key, v.data), v.mac, v.name);
  }
});

Deno.test("hkdf('sha256') reproduces RFC 5869 A.1 to A.3, and hmac(salt, ikm) their PRK", () => {
  for (const v of loadVectors("hkdf_sha256.json").cases) {
    assert.deepEqual(port.hkdf("sha256", v.ikm, v.salt, v.info, v.length), v.okm, v.name);
    // HKDF-Extract is HMAC(salt, IKM); an empty salt acts as HashLen zero bytes (RFC 5869 2.2).
    assert.deepEqual(port.hmac("sha256", v.salt, v.ikm), v.prk, v.name);
  }
});

Deno.test("hashes and HMACs agree with node:crypto (OpenSSL) on random inputs, for both hash names", () => {
  const random = seededRandom("hashes vs openssl");
  const names: [HashName, string][] = [["sha256", "sha256"], ["sha3-256", "sha3-256"]];
  for (let i = 0; i < 40; i++) {
    const data = random.randomBytes(i * 37);
    const key = random.randomBytes(i * 5);
    assert.deepEqual(port.sha256(data), new Uint8Array(createHash("sha256").update(data).digest()));
    assert.deepEqual(
      port.sha3_256(data),
      new Uint8Array(createHash("sha3-256").update(data).digest()),
    );
    for (const [name, openssl] of names) {
      const expected = new Uint8Array(createHmac(openssl, key).update(data).digest());
      assert.deepEqual(port.hmac(name, key, data), expected, `${name} ${i}`);
    }
  }
});

Deno.test("hkdf('sha3-256') follows the RFC 5869 construction over HMAC-SHA3-256", () => {
  const random = seededRandom("hkdf sha3");
  for (const length of [1, 31, 32, 33, 64, 100, 8160]) {
    const ikm = random.randomBytes(32);
    const salt = random.randomBytes(length % 2 === 0 ? 0 : 16);
    const info = random.randomBytes(7);
    const prk = port.hmac("sha3-256", salt, ikm);
    const blocks: Uint8Array[] = [];
    let previous: Uint8Array = new Uint8Array(0);
    for (let i = 1; blocks.length * 32 < length; i++) {
      previous = port.hmac("sha3-256", prk, concat(previous, info, new Uint8Array([i])));
      blocks.push(previous);
    }
    const expected = concat(...blocks).subarray(0, length);
    assert.deepEqual(port.hkdf("sha3-256", ikm, salt, info, length), expected, `length ${length}`);
  }
});

Deno.test("hkdf() refuses output lengths outside 1..255*32 with crypto.bad_length", () => {
  const b = new Uint8Array(16);
  for (const length of [0, -1, 8161, 1.5, Number.NaN, Infinity]) {
    assertThrowsCode(() => port.hkdf("sha256", b, b, b, length), "crypto.bad_length");
  }
  assert.equal(port.hkdf("sha3-256", b, b, b, 8160).length, 8160);
});

Deno.test("hash methods refuse inputs that are not byte arrays with crypto.bad_length", () => {
  const bytes = new Uint8Array(4);
  const notBytes = "abc" as unknown as Uint8Array;
  assertThrowsCode(() => port.sha256(notBytes), "crypto.bad_length");
  assertThrowsCode(() => port.sha3_256(notBytes), "crypto.bad_length");
  assertThrowsCode(() => port.hmac("sha256", notBytes, bytes), "crypto.bad_length");
  assertThrowsCode(() => port.hmac("sha256", bytes, notBytes), "crypto.bad_length");
  assertThrowsCode(() => port.hkdf("sha256", notBytes, bytes, bytes, 32), "crypto.bad_length");
  assertThrowsCode(() => port.hkdf("sha256", bytes, notBytes, bytes, 32), "crypto.bad_length");
  assertThrowsCode(() => port.hkdf("sha256", bytes, bytes, notBytes, 32), "crypto.bad_length");
});

Deno.test("hmac() and hkdf() refuse an unknown hash name with an internal error", () => {
  const b = new Uint8Array(4);
  assertThrowsCode(() => port.hmac("md5" as HashName, b, b), "internal");
  assertThrowsCode(() => port.hkdf("sha512" as HashName, b, b, b, 32), "internal");
});

Deno.test("hash outputs are plain Uint8Arrays", () => {
  const b = new Uint8Array(3);
  for (
    const out of [
      port.sha256(b),
      port.sha3_256(b),
      port.hmac("sha256", b, b),
      port.hkdf("sha3-256", b, b, b, 40),
    ]
  ) {
    assert.ok(isPlainBytes(out));
  }
});
