import assert from "node:assert/strict";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import {
  CARRIER_HEADER_BYTES,
  openCarrierHeader,
  sealCarrierHeader,
} from "../../../domain/carrier/carrier_header.ts";
import { deriveCarrierKeys } from "../../../domain/carrier/carrier_keys.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const crypto = createCrypto();
const random = seededRandom("carrier-header");
const keys = deriveCarrierKeys(crypto, random.randomBytes(32));

Deno.test("sealCarrierHeader() makes 44 bytes that openCarrierHeader() reads back", () => {
  for (const length of [0, 1, 65_535, 10 * 2 ** 20, 0xffff_ffff]) {
    const header = sealCarrierHeader(crypto, keys.headerKey, random.randomBytes(24), length);
    assert.equal(header.length, CARRIER_HEADER_BYTES);
    assert.equal(openCarrierHeader(crypto, keys.headerKey, header), length);
  }
});

Deno.test("openCarrierHeader() returns null for another key and for any flipped bit", () => {
  const header = sealCarrierHeader(crypto, keys.headerKey, random.randomBytes(24), 1234);
  const other = deriveCarrierKeys(crypto, random.randomBytes(32));
  assert.equal(openCarrierHeader(crypto, other.headerKey, header), null);
  for (let bit = 0; bit < CARRIER_HEADER_BYTES * 8; bit++) {
    const bad = header.slice();
    bad[bit >> 3]! ^= 1 << (bit & 7);
    assert.equal(openCarrierHeader(crypto, keys.headerKey, bad), null, `bit ${bit}`);
  }
  assert.equal(openCarrierHeader(crypto, keys.headerKey, new Uint8Array(44)), null);
});

Deno.test("the same length sealed twice gives unrelated headers (fresh nonce)", () => {
  const a = sealCarrierHeader(crypto, keys.headerKey, random.randomBytes(24), 77);
  const b = sealCarrierHeader(crypto, keys.headerKey, random.randomBytes(24), 77);
  let differing = 0;
  for (let i = 0; i < a.length; i++) {
    for (let x = a[i]! ^ b[i]!; x; x >>= 1) differing += x & 1;
  }
  assert.ok(differing > 120 && differing < 232, `${differing} of 352 bits differ`);
});

Deno.test("sealCarrierHeader() refuses a bad nonce and lengths its field cannot state", () => {
  assert.throws(
    () => sealCarrierHeader(crypto, keys.headerKey, new Uint8Array(12), 1),
    (e) => isPlicoError(e, "crypto.bad_length"),
  );
  assert.throws(
    () => sealCarrierHeader(crypto, keys.headerKey, new Uint8Array(24), 2 ** 32),
    (e) => isPlicoError(e, "carrier.error"),
  );
  assert.throws(
    () => sealCarrierHeader(crypto, keys.headerKey, new Uint8Array(24), -1),
    (e) => isPlicoError(e, "internal"),
  );
});

Deno.test("deriveCarrierKeys() gives distinct sub-keys and refuses a key that is not 32 bytes", () => {
  assert.notDeepEqual(keys.headerKey, keys.permutationKey);
  assert.throws(
    () => deriveCarrierKeys(crypto, new Uint8Array(31)),
    (e) => isPlicoError(e, "crypto.bad_length"),
  );
});
