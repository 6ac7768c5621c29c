import assert from "node:assert/strict";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { isPlicoError } from "../../domain/errors.ts";
import {
  deriveWrapKey,
  unwrapMasterKey,
  type WrapHeader,
  wrapHeaderAad,
  wrapMasterKey,
} from "../../domain/key_wrap.ts";
import { seededRandom } from "../support/seeded_random.ts";

const crypto = createCrypto();
const random = seededRandom("key-wrap-test");
const header: WrapHeader = {
  formatVersion: 1,
  kdfId: 1,
  argon2: { iterations: 2, memoryKiB: 65536, parallelism: 4 },
  salt: random.randomBytes(16),
  binding: "passphrase-only",
};

Deno.test("the master key unwraps with the same inputs and not with any other", () => {
  const argon = random.randomBytes(32);
  const master = random.randomBytes(32);
  const nonce = random.randomBytes(24);
  const key = deriveWrapKey(crypto, header, argon, null);
  const wrapped = wrapMasterKey(crypto, key, nonce, header, master);
  assert.deepEqual(unwrapMasterKey(crypto, key, nonce, header, wrapped), master);

  const otherArgon = argon.slice();
  otherArgon[0]! ^= 1;
  const wrongKey = deriveWrapKey(crypto, header, otherArgon, null);
  assert.throws(
    () => unwrapMasterKey(crypto, wrongKey, nonce, header, wrapped),
    (e) => isPlicoError(e, "profile.bad_passphrase"),
  );
  // Editing any header field (here: weaker iterations) makes the wrap fail to open.
  const edited = { ...header, argon2: { ...header.argon2, iterations: 3 } };
  assert.throws(
    () => unwrapMasterKey(crypto, key, nonce, edited, wrapped),
    (e) => isPlicoError(e, "profile.bad_passphrase"),
  );
});

Deno.test("a platform-bound wrap key depends on the platform factor", () => {
  const bound: WrapHeader = { ...header, binding: "secret-service" };
  const argon = random.randomBytes(32);
  const a = deriveWrapKey(crypto, bound, argon, random.randomBytes(32));
  const b = deriveWrapKey(crypto, bound, argon, random.randomBytes(32));
  assert.notDeepEqual(a, b);
  assert.notDeepEqual(a, deriveWrapKey(crypto, header, argon, null));
  assert.throws(() => deriveWrapKey(crypto, bound, argon, null), (e) => isPlicoError(e));
  assert.throws(() => deriveWrapKey(crypto, header, argon, new Uint8Array(32)));
});

Deno.test("wrapHeaderAad() encodes every field and refuses a bad salt", () => {
  const aad = wrapHeaderAad(header);
  assert.notDeepEqual(aad, wrapHeaderAad({ ...header, binding: "dpapi" }));
  assert.notDeepEqual(aad, wrapHeaderAad({ ...header, salt: new Uint8Array(16) }));
  assert.throws(() => wrapHeaderAad({ ...header, salt: new Uint8Array(15) }));
});
