import assert from "node:assert/strict";
import { createDiffieHellman, getDiffieHellman, hkdfSync } from "node:crypto";
import { isPlicoError } from "../../../../domain/errors.ts";
import { toHex } from "../../../../domain/bytes.ts";
import {
  bigIntFromBytes,
  bigIntToBytes,
  deriveTransferKey,
  dhKeyPair,
  dhSharedSecret,
  IETF1024_BYTES,
  IETF1024_PRIME,
  modPow,
} from "../../../../adapters/platform/secret_service/dh_ietf1024.ts";

Deno.test("the DH prime is the RFC 2409 group 2 prime that node:crypto calls modp2", () => {
  const reference = getDiffieHellman("modp2");
  assert.equal(toHex(bigIntToBytes(IETF1024_PRIME, IETF1024_BYTES)), reference.getPrime("hex"));
  assert.equal(reference.getGenerator("hex"), "02");
});

Deno.test("dhSharedSecret() agrees with node:crypto's Diffie-Hellman, padded to 128 bytes", () => {
  const prime = bigIntToBytes(IETF1024_PRIME, IETF1024_BYTES);
  for (let i = 0; i < 8; i++) {
    const ours = dhKeyPair(crypto.getRandomValues(new Uint8Array(128)));
    const theirs = createDiffieHellman(prime, new Uint8Array([2]));
    const theirPublic = new Uint8Array(theirs.generateKeys());
    const shared = dhSharedSecret(ours.privateKey, theirPublic);
    const reference = new Uint8Array(theirs.computeSecret(ours.publicKey));
    assert.equal(shared.length, 128);
    assert.equal(bigIntFromBytes(shared), bigIntFromBytes(reference));
  }
});

Deno.test("two key pairs agree on the shared secret and it is always 128 bytes", () => {
  const a = dhKeyPair(crypto.getRandomValues(new Uint8Array(128)));
  const b = dhKeyPair(crypto.getRandomValues(new Uint8Array(128)));
  assert.equal(a.publicKey.length, 128);
  assert.deepEqual(
    dhSharedSecret(a.privateKey, b.publicKey),
    dhSharedSecret(b.privateKey, a.publicKey),
  );
});

Deno.test("dhKeyPair() wipes the caller's random bytes and wants exactly 128 of them", () => {
  const random = new Uint8Array(128).fill(0xab);
  dhKeyPair(random);
  assert.deepEqual(random, new Uint8Array(128));
  assert.throws(() => dhKeyPair(new Uint8Array(32)), (e) => isPlicoError(e, "crypto.bad_length"));
});

Deno.test("dhSharedSecret() refuses degenerate or oversized peer keys", () => {
  const { privateKey } = dhKeyPair(crypto.getRandomValues(new Uint8Array(128)));
  const bad = [
    new Uint8Array(0),
    new Uint8Array([0]),
    new Uint8Array([1]),
    bigIntToBytes(IETF1024_PRIME - 1n, 128),
    bigIntToBytes(IETF1024_PRIME, 128),
    new Uint8Array(129).fill(1),
  ];
  for (const key of bad) {
    assert.throws(
      () => dhSharedSecret(privateKey, key),
      (e) => isPlicoError(e, "platform.unavailable"),
    );
  }
  // A short (unpadded) encoding of a valid key is fine: leading zeros carry no meaning.
  assert.equal(dhSharedSecret(privateKey, new Uint8Array([2])).length, 128);
});

Deno.test("deriveTransferKey() is HKDF-SHA256 with empty salt and info, and wipes its input", () => {
  const shared = crypto.getRandomValues(new Uint8Array(128));
  const expected = new Uint8Array(
    hkdfSync("sha256", shared, new Uint8Array(0), new Uint8Array(0), 16),
  );
  const key = deriveTransferKey(shared);
  assert.deepEqual(key, expected);
  assert.deepEqual(shared, new Uint8Array(128));
});

Deno.test("modPow() and the byte conversions agree with small known values", () => {
  assert.equal(modPow(4n, 13n, 497n), 445n);
  assert.equal(modPow(2n, 0n, 7n), 1n);
  assert.deepEqual(bigIntToBytes(0x0102n, 4), new Uint8Array([0, 0, 1, 2]));
  assert.equal(bigIntFromBytes(new Uint8Array([0, 1, 2])), 0x102n);
  assert.throws(() => bigIntToBytes(0x10000n, 2), RangeError);
});
