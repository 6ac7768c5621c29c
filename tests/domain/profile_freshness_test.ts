import assert from "node:assert/strict";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { isPlicoError } from "../../domain/errors.ts";
import {
  accumulateBurn,
  ANCHOR_BYTES,
  decodeAnchor,
  decodeFreshness,
  emptyFreshness,
  encodeAnchor,
  encodeFreshness,
  type FreshnessState,
} from "../../domain/profile_freshness.ts";

const crypto = createCrypto();

const sample = (): FreshnessState => ({
  generation: 9,
  burnCount: 3,
  burnAccumulator: systemRandom.randomBytes(32),
  rows: [
    { id: systemRandom.randomBytes(16), generation: 9, dueAt: 1_700_000_000_000 },
    { id: systemRandom.randomBytes(16), generation: 2, dueAt: null },
  ],
});

Deno.test("the freshness state round-trips and is decoded strictly", () => {
  const s = sample();
  assert.deepEqual(decodeFreshness(encodeFreshness(s)), s);
  assert.deepEqual(decodeFreshness(encodeFreshness(emptyFreshness())), emptyFreshness());
  const bytes = encodeFreshness(s);
  const bad = (b: Uint8Array) =>
    assert.throws(() => decodeFreshness(b), (e) => isPlicoError(e, "profile.corrupt"));
  bad(bytes.subarray(0, bytes.length - 1));
  bad(new Uint8Array([...bytes, 0]));
  bad(Uint8Array.of(2, ...bytes.subarray(1)));
  const future = encodeFreshness({ ...s, rows: [{ ...s.rows[0]!, generation: 10 }] });
  bad(future); // a row cannot be newer than the database
  const zero = encodeFreshness({ ...s, rows: [{ ...s.rows[0]!, generation: 0 }] });
  bad(zero);
});

Deno.test("the anchor opens only with its key and exact bytes", () => {
  const key = systemRandom.randomBytes(32);
  const anchor = encodeAnchor(crypto, key, 123_456_789);
  assert.equal(anchor.length, ANCHOR_BYTES);
  assert.equal(decodeAnchor(crypto, key, anchor), 123_456_789);
  assert.equal(decodeAnchor(crypto, systemRandom.randomBytes(32), anchor), null);
  for (let i = 0; i < anchor.length; i++) {
    const flipped = anchor.slice();
    flipped[i]! ^= 1;
    assert.equal(decodeAnchor(crypto, key, flipped), null, `byte ${i}`);
  }
  assert.equal(decodeAnchor(crypto, key, anchor.subarray(1)), null);
});

Deno.test("the burn accumulator does not depend on order and changes with any member", () => {
  const key = systemRandom.randomBytes(32);
  const tags = Array.from({ length: 6 }, () => systemRandom.randomBytes(32));
  const fold = (list: Uint8Array[]) => {
    const acc = new Uint8Array(32);
    for (const t of list) accumulateBurn(crypto, key, acc, t);
    return acc;
  };
  assert.deepEqual(fold(tags), fold([...tags].reverse()));
  assert.notDeepEqual(fold(tags), fold(tags.slice(1)));
  assert.notDeepEqual(fold(tags), fold([...tags.slice(1), systemRandom.randomBytes(32)]));
  // Keyed: the same tags under another key give an unrelated value.
  const other = new Uint8Array(32);
  for (const t of tags) accumulateBurn(crypto, systemRandom.randomBytes(32), other, t);
  assert.notDeepEqual(fold(tags), other);
});
