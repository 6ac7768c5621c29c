/**
 * The native (node:crypto) AEADs against the noble reference: byte-identical output, mutual
 * decryption, and identical rejection of every tampering, on many random inputs (DESIGN §3:
 * native bulk encryption is allowed only while tests show this).
 */

import assert from "node:assert/strict";
import type { ErrorCode } from "../../../domain/errors.ts";
import { concat } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import type { CryptoPort, RandomPort } from "../../../domain/ports.ts";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const native = createCrypto({ bulk: "native" });
const noble = createCrypto({ bulk: "noble" });

type Aead = {
  name: string;
  nonceBytes: number;
  seal: (p: CryptoPort) => CryptoPort["chachaSeal"];
  open: (p: CryptoPort) => CryptoPort["chachaOpen"];
};

const AEADS: Aead[] = [
  {
    name: "ChaCha20-Poly1305",
    nonceBytes: 12,
    seal: (p) => p.chachaSeal,
    open: (p) => p.chachaOpen,
  },
  {
    name: "XChaCha20-Poly1305",
    nonceBytes: 24,
    seal: (p) => p.xchachaSeal,
    open: (p) => p.xchachaOpen,
  },
];

/** Edge lengths around the 16-byte Poly1305 and 64-byte ChaCha blocks, plus large ones. */
const EDGE_LENGTHS = [
  0,
  1,
  15,
  16,
  17,
  31,
  32,
  33,
  63,
  64,
  65,
  127,
  128,
  129,
  255,
  256,
  1023,
  1024,
  4095,
  4096,
  16383,
  16384,
  65535,
  65536,
  65537,
  100_000,
  200 * 1024,
];

/** The error code `fn` throws, or "ok" when it returns. */
function outcome(fn: () => unknown): ErrorCode | "ok" {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (isPlicoError(e)) return e.code;
    throw e;
  }
}

/** A number in 0..bound-1 from four random bytes (the tiny modulo bias does not matter here). */
function randomBelow(random: RandomPort, bound: number): number {
  const r = random.randomBytes(4);
  return (((r[0]! << 24) | (r[1]! << 16) | (r[2]! << 8) | r[3]!) >>> 0) % bound;
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

for (const aead of AEADS) {
  Deno.test(`native and noble ${aead.name} are byte-identical and open each other's output on random inputs`, () => {
    const random = seededRandom(`native vs noble ${aead.name} lengths`);
    const lengths = [...EDGE_LENGTHS];
    for (let i = 0; i < 40; i++) lengths.push(randomBelow(random, 200 * 1024));
    for (const length of lengths) {
      const key = random.randomBytes(32);
      const nonce = random.randomBytes(aead.nonceBytes);
      const plaintext = random.randomBytes(length);
      const aad = random.randomBytes(randomBelow(random, 100));
      const fromNative = aead.seal(native)(key, nonce, plaintext, aad);
      const fromNoble = aead.seal(noble)(key, nonce, plaintext, aad);
      assert.equal(fromNative.length, length + 16);
      assert.deepEqual(fromNative, fromNoble, `length ${length}`);
      assert.deepEqual(
        aead.open(native)(key, nonce, fromNoble, aad),
        plaintext,
        `length ${length}`,
      );
      assert.deepEqual(
        aead.open(noble)(key, nonce, fromNative, aad),
        plaintext,
        `length ${length}`,
      );
    }
  });

  Deno.test(`native and noble ${aead.name} both reject every single-bit flip of ciphertext, tag, AAD and nonce`, () => {
    const random = seededRandom(`native vs noble ${aead.name} flips`);
    for (const length of [0, 1, 16, 33, 64]) {
      const key = random.randomBytes(32);
      const nonce = random.randomBytes(aead.nonceBytes);
      const aad = random.randomBytes(length % 2 === 0 ? 13 : 0);
      const sealed = aead.seal(native)(key, nonce, random.randomBytes(length), aad);
      const tries: [string, () => unknown, () => unknown][] = [];
      for (let bit = 0; bit < sealed.length * 8; bit++) {
        const bad = flipBit(sealed, bit);
        tries.push([
          `sealed bit ${bit}`,
          () => aead.open(native)(key, nonce, bad, aad),
          () => aead.open(noble)(key, nonce, bad, aad),
        ]);
      }
      for (let bit = 0; bit < aad.length * 8; bit++) {
        const bad = flipBit(aad, bit);
        tries.push([
          `aad bit ${bit}`,
          () => aead.open(native)(key, nonce, sealed, bad),
          () => aead.open(noble)(key, nonce, sealed, bad),
        ]);
      }
      for (let bit = 0; bit < nonce.length * 8; bit++) {
        const bad = flipBit(nonce, bit);
        tries.push([
          `nonce bit ${bit}`,
          () => aead.open(native)(key, bad, sealed, aad),
          () => aead.open(noble)(key, bad, sealed, aad),
        ]);
      }
      for (const [label, viaNative, viaNoble] of tries) {
        assert.equal(
          outcome(viaNative),
          "crypto.auth_failed",
          `native, length ${length}, ${label}`,
        );
        assert.equal(outcome(viaNoble), "crypto.auth_failed", `noble, length ${length}, ${label}`);
      }
    }
  });

  Deno.test(`native and noble ${aead.name} reject flips sampled across large messages the same way`, () => {
    const random = seededRandom(`native vs noble ${aead.name} large flips`);
    const key = random.randomBytes(32);
    const nonce = random.randomBytes(aead.nonceBytes);
    const aad = random.randomBytes(50);
    const sealed = aead.seal(native)(key, nonce, random.randomBytes(150_000), aad);
    const bits = [0, 7, 8 * 64, 8 * 65_536, sealed.length * 8 - 129, sealed.length * 8 - 1];
    for (let i = 0; i < 40; i++) bits.push(randomBelow(random, sealed.length * 8));
    for (const bit of bits) {
      const bad = flipBit(sealed, bit);
      assert.equal(outcome(() => aead.open(native)(key, nonce, bad, aad)), "crypto.auth_failed");
      assert.equal(outcome(() => aead.open(noble)(key, nonce, bad, aad)), "crypto.auth_failed");
    }
  });

  Deno.test(`native and noble ${aead.name} reject truncated tags and appended bytes alike`, () => {
    const random = seededRandom(`native vs noble ${aead.name} truncation`);
    for (const length of [0, 5, 16, 40]) {
      const key = random.randomBytes(32);
      const nonce = random.randomBytes(aead.nonceBytes);
      const sealed = aead.seal(native)(key, nonce, random.randomBytes(length), new Uint8Array(0));
      for (let cut = 1; cut <= 16; cut++) {
        const short = sealed.subarray(0, sealed.length - cut);
        const viaNative = outcome(() => aead.open(native)(key, nonce, short, new Uint8Array(0)));
        const viaNoble = outcome(() => aead.open(noble)(key, nonce, short, new Uint8Array(0)));
        // Shorter than a tag is a length error; anything longer fails authentication.
        const expected = short.length < 16 ? "crypto.bad_length" : "crypto.auth_failed";
        assert.equal(viaNative, expected, `length ${length}, cut ${cut}`);
        assert.equal(viaNoble, expected, `length ${length}, cut ${cut}`);
      }
      const longer = new Uint8Array(sealed.length + 1);
      longer.set(sealed);
      assert.equal(
        outcome(() => aead.open(native)(key, nonce, longer, new Uint8Array(0))),
        "crypto.auth_failed",
      );
      assert.equal(
        outcome(() => aead.open(noble)(key, nonce, longer, new Uint8Array(0))),
        "crypto.auth_failed",
      );
    }
  });
}

Deno.test("native ChaCha20-Poly1305 returns plain Uint8Arrays with memory of their own", () => {
  // Node's small buffers are slices of one shared pool: none may leave the adapter, and wiping
  // an output must touch nothing else. Large opened chunks are handed over without a copy.
  const random = seededRandom("native outputs");
  const key = random.randomBytes(32);
  const nonce = random.randomBytes(12);
  for (const length of [0, 1, 16, 100, 4095, 4096, 8192, 65_536, 65_537]) {
    for (const aad of [new Uint8Array(0), random.randomBytes(7)]) {
      const plaintext = random.randomBytes(length);
      const sealed = native.chachaSeal(key, nonce, plaintext, aad);
      const opened = native.chachaOpen(key, nonce, sealed, aad);
      const [ciphertext, tag] = native.chachaSealParts(key, nonce, plaintext, aad);
      assert.deepEqual(concat(ciphertext, tag), sealed, `parts ${length}`);
      assert.deepEqual(
        noble.chachaSealParts(key, nonce, plaintext, aad).map((p) => p.slice()),
        [ciphertext, tag],
        `noble parts ${length}`,
      );
      const outputs = [["sealed", sealed], ["opened", opened], ["ciphertext", ciphertext], [
        "tag",
        tag,
      ]] as const;
      for (const [what, out] of outputs) {
        assert.equal(Object.getPrototypeOf(out), Uint8Array.prototype, `${what} ${length}`);
        assert.equal(out.byteOffset, 0, `${what} ${length}`);
        assert.equal(out.buffer.byteLength, out.length, `${what} ${length}`);
      }
      assert.deepEqual(opened, plaintext);
      const again = native.chachaOpen(key, nonce, sealed, aad);
      opened.fill(0);
      assert.deepEqual(again, plaintext, `wiping one output leaves another intact (${length})`);
    }
  }
});
