import assert from "node:assert/strict";
import { concat } from "../../../domain/bytes.ts";
import type { CryptoPort } from "../../../domain/ports.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { assertThrowsCode, isPlainBytes } from "./assert_plico.ts";
import { loadVectors } from "./vectors.ts";

const BULKS = ["native", "noble"] as const;
const ports: [string, CryptoPort][] = BULKS.map((bulk) => [bulk, createCrypto({ bulk })]);

for (const [bulk, port] of ports) {
  Deno.test(`chachaSeal() (${bulk}) reproduces the RFC 8439 2.8.2 vector and chachaOpen() reverses it`, () => {
    for (const v of loadVectors("chacha20_poly1305.json").cases) {
      const sealed = port.chachaSeal(v.key, v.nonce, v.plaintext, v.aad);
      assert.deepEqual(sealed, concat(v.ciphertext, v.tag), v.name);
      assert.deepEqual(port.chachaOpen(v.key, v.nonce, sealed, v.aad), v.plaintext, v.name);
    }
  });

  Deno.test(`xchachaSeal() (${bulk}) reproduces the draft-irtf-cfrg-xchacha A.3.1 vector and xchachaOpen() reverses it`, () => {
    for (const v of loadVectors("xchacha20_poly1305.json").cases) {
      const sealed = port.xchachaSeal(v.key, v.nonce, v.plaintext, v.aad);
      assert.deepEqual(sealed, concat(v.ciphertext, v.tag), v.name);
      assert.deepEqual(port.xchachaOpen(v.key, v.nonce, sealed, v.aad), v.plaintext, v.name);
    }
  });

  Deno.test(`AEAD opens (${bulk}) fail with one opaque crypto.auth_failed whatever was wrong`, () => {
    const random = seededRandom("opaque auth error");
    const key = random.randomBytes(32);
    const nonce = random.randomBytes(12);
    const xnonce = random.randomBytes(24);
    const aad = random.randomBytes(9);
    const sealed = port.chachaSeal(key, nonce, random.randomBytes(40), aad);
    const xsealed = port.xchachaSeal(key, xnonce, random.randomBytes(40), aad);
    const flip = (b: Uint8Array, i: number) => {
      const c = b.slice();
      c[i]! ^= 1;
      return c;
    };
    const failures = [
      () => port.chachaOpen(flip(key, 0), nonce, sealed, aad),
      () => port.chachaOpen(key, flip(nonce, 11), sealed, aad),
      () => port.chachaOpen(key, nonce, flip(sealed, 0), aad),
      () => port.chachaOpen(key, nonce, flip(sealed, sealed.length - 1), aad),
      () => port.chachaOpen(key, nonce, sealed, flip(aad, 4)),
      () => port.chachaOpen(key, nonce, sealed, new Uint8Array(0)),
      () => port.xchachaOpen(key, flip(xnonce, 0), xsealed, aad),
      () => port.xchachaOpen(key, flip(xnonce, 23), xsealed, aad),
      () => port.xchachaOpen(flip(key, 31), xnonce, xsealed, aad),
      () => port.xchachaOpen(key, xnonce, flip(xsealed, 5), aad),
    ];
    const messages = new Set(
      failures.map((f) => assertThrowsCode(f, "crypto.auth_failed").message),
    );
    assert.equal(messages.size, 1);
    const only = [...messages][0]!;
    assert.ok(!/openssl|noble|tag|unsupported state/i.test(only), only);
  });

  Deno.test(`AEAD methods (${bulk}) check key, nonce and sealed lengths before anything else`, () => {
    const k = new Uint8Array(32);
    const n = new Uint8Array(12);
    const xn = new Uint8Array(24);
    const e = new Uint8Array(0);
    const sealed = port.chachaSeal(k, n, e, e);
    const xsealed = port.xchachaSeal(k, xn, e, e);
    const bad: (() => unknown)[] = [
      () => port.chachaSeal(new Uint8Array(31), n, e, e),
      () => port.chachaSeal(new Uint8Array(33), n, e, e),
      () => port.chachaSeal(k, new Uint8Array(11), e, e),
      () => port.chachaSeal(k, xn, e, e),
      () => port.chachaSealParts(new Uint8Array(31), n, e, e),
      () => port.chachaSealParts(k, xn, e, e),
      () => port.chachaSealParts(k, n, "text" as unknown as Uint8Array, e),
      () => port.chachaOpen(new Uint8Array(16), n, sealed, e),
      () => port.chachaOpen(k, new Uint8Array(13), sealed, e),
      () => port.chachaOpen(k, n, sealed.subarray(0, 15), e),
      () => port.chachaOpen(k, n, e, e),
      () => port.xchachaSeal(k, n, e, e),
      () => port.xchachaSeal(new Uint8Array(0), xn, e, e),
      () => port.xchachaOpen(k, new Uint8Array(25), xsealed, e),
      () => port.xchachaOpen(k, xn, xsealed.subarray(1), e),
      () => port.chachaSeal(k, n, "text" as unknown as Uint8Array, e),
      () => port.chachaSeal(k, n, e, [1, 2] as unknown as Uint8Array),
    ];
    for (const f of bad) assertThrowsCode(f, "crypto.bad_length");
  });

  Deno.test(`AEADs (${bulk}) read unaligned views of larger buffers exactly like copies`, () => {
    const random = seededRandom("views");
    const backing = random.randomBytes(32 + 24 + 1000 + 20 + 7);
    const key = backing.subarray(3, 35);
    const nonce = backing.subarray(35, 47);
    const xnonce = backing.subarray(35, 59);
    const plaintext = backing.subarray(59, 1059);
    const aad = backing.subarray(1059, 1079);
    const sealed = port.chachaSeal(key, nonce, plaintext, aad);
    assert.deepEqual(
      sealed,
      port.chachaSeal(key.slice(), nonce.slice(), plaintext.slice(), aad.slice()),
    );
    const xsealed = port.xchachaSeal(key, xnonce, plaintext, aad);
    assert.deepEqual(
      xsealed,
      port.xchachaSeal(key.slice(), xnonce.slice(), plaintext.slice(), aad.slice()),
    );
    const sealedView = concat(new Uint8Array(5), sealed).subarray(5);
    assert.deepEqual(port.chachaOpen(key, nonce, sealedView, aad), plaintext.slice());
    const xsealedView = concat(new Uint8Array(3), xsealed).subarray(3);
    assert.deepEqual(port.xchachaOpen(key, xnonce, xsealedView, aad), plaintext.slice());
  });

  Deno.test(`AEAD outputs (${bulk}) are plain Uint8Arrays that own their memory, never node Buffers`, () => {
    const random = seededRandom("plain bytes");
    const key = random.randomBytes(32);
    for (const length of [0, 1, 100, 5000]) {
      const pt = random.randomBytes(length);
      const sealed = port.chachaSeal(key, new Uint8Array(12), pt, new Uint8Array(0));
      const opened = port.chachaOpen(key, new Uint8Array(12), sealed, new Uint8Array(0));
      const xsealed = port.xchachaSeal(key, new Uint8Array(24), pt, new Uint8Array(0));
      const xopened = port.xchachaOpen(key, new Uint8Array(24), xsealed, new Uint8Array(0));
      for (const out of [sealed, opened, xsealed, xopened]) {
        assert.ok(isPlainBytes(out));
        assert.equal(out.byteOffset, 0);
        assert.equal(out.buffer.byteLength, out.length);
      }
    }
  });
}

Deno.test("createCrypto() defaults to the native bulk AEAD, which matches the noble one", () => {
  const random = seededRandom("default bulk");
  const key = random.randomBytes(32);
  const nonce = random.randomBytes(12);
  const pt = random.randomBytes(300);
  assert.deepEqual(
    createCrypto().chachaSeal(key, nonce, pt, new Uint8Array(0)),
    createCrypto({ bulk: "noble" }).chachaSeal(key, nonce, pt, new Uint8Array(0)),
  );
});

Deno.test("createCrypto() implements every CryptoPort method", () => {
  const port = createCrypto();
  const methods: (keyof CryptoPort)[] = [
    "x25519PublicKey",
    "x25519",
    "ed25519PublicKey",
    "ed25519Sign",
    "ed25519Verify",
    "mlkem768KeyPair",
    "mlkem768Encapsulate",
    "mlkem768Decapsulate",
    "sha3_256",
    "sha256",
    "hmac",
    "hkdf",
    "chachaSeal",
    "chachaOpen",
    "xchachaSeal",
    "xchachaOpen",
    "argon2id",
  ];
  for (const m of methods) assert.equal(typeof port[m], "function", m);
});
