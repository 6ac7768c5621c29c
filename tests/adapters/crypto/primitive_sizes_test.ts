import assert from "node:assert/strict";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import * as S from "../../../domain/primitive_sizes.ts";

const crypto = createCrypto();
const bytes = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

Deno.test("the libraries produce exactly the sizes of domain/primitive_sizes.ts", () => {
  const x = crypto.x25519PublicKey(bytes(S.X25519_KEY_BYTES));
  assert.equal(x.length, S.X25519_KEY_BYTES);
  const ed = crypto.ed25519PublicKey(bytes(S.ED25519_KEY_BYTES));
  assert.equal(ed.length, S.ED25519_KEY_BYTES);
  assert.equal(
    crypto.ed25519Sign(bytes(S.ED25519_KEY_BYTES), bytes(3)).length,
    S.ED25519_SIGNATURE_BYTES,
  );
  const kem = crypto.mlkem768KeyPair(bytes(S.MLKEM768_SEED_BYTES));
  assert.equal(kem.publicKey.length, S.MLKEM768_PUBLIC_KEY_BYTES);
  assert.equal(kem.secretKey.length, S.MLKEM768_SECRET_KEY_BYTES);
  const enc = crypto.mlkem768Encapsulate(kem.publicKey, bytes(S.MLKEM_RANDOMNESS_BYTES));
  assert.equal(enc.ciphertext.length, S.MLKEM768_CIPHERTEXT_BYTES);
  assert.equal(enc.sharedSecret.length, S.MLKEM_SHARED_SECRET_BYTES);
  assert.equal(crypto.sha256(bytes(5)).length, S.DIGEST_BYTES);
  const key = bytes(S.CHACHA_KEY_BYTES);
  const sealed = crypto.chachaSeal(key, bytes(S.CHACHA_NONCE_BYTES), bytes(10), bytes(0));
  assert.equal(sealed.length, 10 + S.POLY1305_TAG_BYTES);
  const xsealed = crypto.xchachaSeal(key, bytes(S.XCHACHA_NONCE_BYTES), bytes(10), bytes(0));
  assert.equal(xsealed.length, 10 + S.POLY1305_TAG_BYTES);
});

Deno.test("the crypto adapter refuses inputs one byte off the table", () => {
  const badLength = (e: unknown) => isPlicoError(e, "crypto.bad_length");
  assert.throws(() => crypto.x25519PublicKey(bytes(S.X25519_KEY_BYTES - 1)), badLength);
  assert.throws(() => crypto.ed25519PublicKey(bytes(S.ED25519_KEY_BYTES + 1)), badLength);
  assert.throws(() => crypto.mlkem768KeyPair(bytes(S.MLKEM768_SEED_BYTES - 1)), badLength);
  const key = bytes(S.CHACHA_KEY_BYTES);
  assert.throws(
    () => crypto.chachaSeal(key, bytes(S.CHACHA_NONCE_BYTES + 1), bytes(1), bytes(0)),
    badLength,
  );
  assert.throws(
    () => crypto.xchachaSeal(bytes(S.CHACHA_KEY_BYTES - 1), bytes(24), bytes(1), bytes(0)),
    badLength,
  );
});
