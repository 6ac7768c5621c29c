import assert from "node:assert/strict";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { utf8 } from "../../domain/bytes.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { openField, sealField } from "../../domain/record_seal.ts";
import { seededRandom } from "../support/seeded_random.ts";

const crypto = createCrypto();
const random = seededRandom("record-seal-test");
const key = random.randomBytes(32);
const rowA = random.randomBytes(16);
const rowB = random.randomBytes(16);
const at = { table: "sessions", column: "label", rowId: rowA };

Deno.test("a sealed field opens only at its own table, column and row", () => {
  const blob = sealField(crypto, random, key, at, utf8("Bob"));
  assert.deepEqual(openField(crypto, key, at, blob), utf8("Bob"));
  const elsewhere = [
    { ...at, rowId: rowB },
    { ...at, column: "peer" },
    { ...at, table: "profile_info" },
  ];
  for (const other of elsewhere) {
    assert.throws(
      () => openField(crypto, key, other, blob),
      (e) => isPlicoError(e, "profile.corrupt"),
    );
  }
});

Deno.test("openField() refuses edited, truncated and foreign-key blobs", () => {
  const blob = sealField(crypto, random, key, at, utf8("Alice"));
  for (let i = 0; i < blob.length; i++) {
    const edited = blob.slice();
    edited[i]! ^= 0x40;
    assert.throws(
      () => openField(crypto, key, at, edited),
      (e) => isPlicoError(e, "profile.corrupt"),
    );
  }
  assert.throws(
    () => openField(crypto, key, at, blob.subarray(0, 39)),
    (e) => isPlicoError(e, "profile.corrupt"),
  );
  assert.throws(
    () => openField(crypto, random.randomBytes(32), at, blob),
    (e) => isPlicoError(e, "profile.corrupt"),
  );
});

Deno.test("sealing the same value twice gives different blobs", () => {
  assert.notDeepEqual(
    sealField(crypto, random, key, at, utf8("x")),
    sealField(crypto, random, key, at, utf8("x")),
  );
});
