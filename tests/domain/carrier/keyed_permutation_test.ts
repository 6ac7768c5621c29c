import assert from "node:assert/strict";
import { chacha20 } from "@noble/ciphers/chacha.js";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { chachaKeystream, KeyedPermutation } from "../../../domain/carrier/keyed_permutation.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { referencePermutation } from "../../support/carrier_reference.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const crypto = createCrypto();
const key = seededRandom("permutation-key").randomBytes(32);

Deno.test("chachaKeystream() is the RFC 8439 ChaCha20 keystream from block counter 1", () => {
  const expected = chacha20(key, new Uint8Array(12), new Uint8Array(300), undefined, 1);
  assert.deepEqual(chachaKeystream(crypto, key, 300), expected);
});

/* The reference (tests/support/carrier_reference.ts) is the spec written plainly: tables from
 * @noble's ChaCha20 with block counter 1, a textbook Feistel with explicit swaps, cycle walking. */

Deno.test("KeyedPermutation agrees with the plain reference of the spec on whole domains", () => {
  for (const size of [1, 2, 3, 4, 5, 17, 255, 256, 257, 1000, 4099, 65_536]) {
    const fast = new Uint32Array(size);
    new KeyedPermutation(crypto, key, size).mapRange(0, fast);
    const slow = referencePermutation(key, size);
    for (let x = 0; x < size; x++) assert.equal(fast[x], slow(x), `size ${size}, x ${x}`);
  }
});

Deno.test("KeyedPermutation agrees with the reference on samples of a 2^28-sized domain", () => {
  const size = 3 * 8192 * 8192 + 7;
  const permutation = new KeyedPermutation(crypto, key, size);
  const slow = referencePermutation(key, size);
  for (const x of [0, 1, 12_345, size >> 1, size - 2, size - 1]) {
    assert.equal(permutation.at(x), slow(x));
  }
});

Deno.test("KeyedPermutation is a bijection of [0, size)", () => {
  for (const size of [7, 1000, 123_457, 262_144]) {
    const out = new Uint32Array(size);
    new KeyedPermutation(crypto, key, size).mapRange(0, out);
    const seen = new Uint8Array(size);
    for (const y of out) {
      assert.ok(y < size);
      seen[y] = 1;
    }
    assert.ok(seen.every((s) => s === 1), `size ${size}`);
  }
});

Deno.test("KeyedPermutation depends on the key and spreads consecutive indices", () => {
  const size = 1_000_000;
  const a = new Uint32Array(4000);
  const b = new Uint32Array(4000);
  new KeyedPermutation(crypto, key, size).mapRange(0, a);
  new KeyedPermutation(crypto, seededRandom("other").randomBytes(32), size).mapRange(0, b);
  assert.ok(a.filter((y, i) => y === b[i]).length < 5, "another key gives another order");
  const buckets = new Array(10).fill(0);
  for (const y of a) buckets[Math.floor(y / (size / 10))]++;
  for (const count of buckets) assert.ok(count > 300 && count < 500, `bucket ${count} of 4000`);
});

Deno.test("KeyedPermutation.mapRange() works from any start and matches at()", () => {
  const permutation = new KeyedPermutation(crypto, key, 5000);
  const out = new Uint32Array(100);
  permutation.mapRange(4900, out);
  for (let k = 0; k < 100; k++) assert.equal(out[k], permutation.at(4900 + k));
});

Deno.test("KeyedPermutation refuses sizes and indices out of range as internal errors", () => {
  assert.throws(() => new KeyedPermutation(crypto, key, 0), (e) => isPlicoError(e, "internal"));
  assert.throws(
    () => new KeyedPermutation(crypto, key, 2 ** 30 + 1),
    (e) => isPlicoError(e, "internal"),
  );
  const permutation = new KeyedPermutation(crypto, key, 10);
  assert.throws(() => permutation.at(10), (e) => isPlicoError(e, "internal"));
  assert.throws(
    () => permutation.mapRange(5, new Uint32Array(6)),
    (e) => isPlicoError(e, "internal"),
  );
});
