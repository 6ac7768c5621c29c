import assert from "node:assert/strict";
import { ed25519 } from "@noble/curves/ed25519.js";
import { isPlicoError } from "../../../domain/errors.ts";
import {
  isCanonicalEd25519Point,
  isCanonicalEd25519Signature,
  isCanonicalMlKemPublic,
  isCanonicalX25519Public,
} from "../../../domain/handshake/canonical.ts";
import { finishHandshake } from "../../../domain/handshake/finish.ts";
import { INITIATOR, RESPONDER } from "../../../domain/handshake/format.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import {
  answer,
  crypto,
  identity,
  le32,
  P,
  patched,
  resignInitiator,
  resignResponder,
  start,
  T0,
} from "./fixtures.ts";

/** Canonical low-order X25519 u-coordinates: 0, 1, the two of order 8, and p − 1. */
const LOW_ORDER_X25519: readonly bigint[] = [
  0n,
  1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  P - 1n,
];
/** Non-canonical X25519 encodings: u ≥ p, or bit 255 set. */
const NON_CANONICAL_X25519: readonly bigint[] = [P, P + 1n, 2n ** 255n - 1n, 2n ** 255n + 9n];
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

Deno.test("X25519 keys must be canonical: u < p and bit 255 clear", () => {
  for (const u of [0n, 9n, P - 1n]) assert.ok(isCanonicalX25519Public(le32(u)), String(u));
  for (const u of NON_CANONICAL_X25519) assert.ok(!isCanonicalX25519Public(le32(u)), String(u));
  assert.ok(!isCanonicalX25519Public(new Uint8Array(31)));
});

Deno.test("a validly signed initiator file with a low-order ephemeral key is refused by the DH check", () => {
  const alice = start();
  for (const u of LOW_ORDER_X25519) {
    const file = resignInitiator(
      patched(alice.file, INITIATOR.ephemeral, le32(u)),
      identity("alice"),
    );
    assert.throws(() => answer(file), (e) => isPlicoError(e, "crypto.weak_key"), String(u));
  }
});

Deno.test("a validly signed responder file with a low-order ephemeral key is refused by the DH check", () => {
  const alice = start();
  const bob = answer(alice.file);
  for (const u of LOW_ORDER_X25519) {
    const file = resignResponder(patched(bob.file, RESPONDER.ephemeral, le32(u)), identity("bob"));
    assert.throws(
      () => finishHandshake(crypto, fixedClock(T0 + 120_000), alice.pending, file),
      (e) => isPlicoError(e, "crypto.weak_key"),
      String(u),
    );
  }
});

Deno.test("validly signed files with non-canonical X25519 keys are refused as malformed", () => {
  const alice = start();
  const bob = answer(alice.file);
  for (const u of NON_CANONICAL_X25519) {
    const i = resignInitiator(patched(alice.file, INITIATOR.ephemeral, le32(u)), identity("alice"));
    assert.throws(() => answer(i), (e) => isPlicoError(e, "input.malformed"), String(u));
    const r = resignResponder(patched(bob.file, RESPONDER.ephemeral, le32(u)), identity("bob"));
    assert.throws(
      () => finishHandshake(crypto, fixedClock(T0 + 120_000), alice.pending, r),
      (e) => isPlicoError(e, "input.malformed"),
      String(u),
    );
  }
});

/** The eight torsion points of edwards25519, from noble (reference model of §6). */
function torsionPoints(): Uint8Array[] {
  const y8 = 0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n;
  const t8 = ed25519.Point.fromBytes(le32(y8));
  assert.ok(t8.multiplyUnsafe(8n).is0() && !t8.multiplyUnsafe(4n).is0(), "order 8");
  return Array.from({ length: 8 }, (_, k) => t8.multiplyUnsafe(BigInt(k)).toBytes());
}

Deno.test("every small-order Ed25519 point, whatever its sign bit, is refused as an identity", () => {
  const seen = new Set<string>();
  for (const point of torsionPoints()) {
    seen.add(point.join(","));
    assert.ok(!isCanonicalEd25519Point(point));
    const flippedSign = point.slice();
    flippedSign[31]! ^= 0x80;
    assert.ok(!isCanonicalEd25519Point(flippedSign));
  }
  assert.equal(seen.size, 8);
});

Deno.test("every encoding refused for small order really is small order (noble cross-check)", () => {
  let decoded = 0;
  for (const y of [0n, 1n, P - 1n]) {
    for (const sign of [0, 0x80]) {
      const bytes = le32(y);
      bytes[31]! |= sign;
      assert.ok(!isCanonicalEd25519Point(bytes));
      let point;
      try {
        point = ed25519.Point.fromBytes(bytes);
      } catch {
        continue; // not a strict encoding at all
      }
      assert.ok(point.isSmallOrder(), `y=${y} sign=${sign}`);
      decoded++;
    }
  }
  assert.equal(decoded, 4); // y = 0 (both signs), y = 1 and y = p − 1 (positive only)
});

Deno.test("real Ed25519 keys pass and non-canonical y encodings are refused", () => {
  const random = seededRandom("canonical ed25519");
  for (let i = 0; i < 64; i++) {
    assert.ok(isCanonicalEd25519Point(crypto.ed25519PublicKey(random.randomBytes(32))));
  }
  for (const y of [P, P + 1n, 2n ** 255n - 1n]) assert.ok(!isCanonicalEd25519Point(le32(y)));
});

Deno.test("a small-order or non-canonical identity key is refused before the signature is checked", () => {
  const alice = start();
  const bob = answer(alice.file);
  for (const key of [...torsionPoints(), le32(P + 2n)]) {
    assert.throws(
      () => answer(patched(alice.file, INITIATOR.identity, key)),
      (e) => isPlicoError(e, "input.malformed") && /identity key/.test(e.message),
    );
    assert.throws(
      () =>
        finishHandshake(
          crypto,
          fixedClock(T0),
          alice.pending,
          patched(bob.file, RESPONDER.identity, key),
        ),
      (e) => isPlicoError(e, "input.malformed") && /identity key/.test(e.message),
    );
  }
});

Deno.test("signatures must be canonical: S < L and R canonical", () => {
  const secret = identity("alice");
  const signature = crypto.ed25519Sign(secret, new Uint8Array([1, 2, 3]));
  assert.ok(isCanonicalEd25519Signature(signature));
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]!);
  const malleated = signature.slice();
  malleated.set(le32(s + L), 32);
  assert.ok(!isCanonicalEd25519Signature(malleated));
  const badR = signature.slice();
  badR.set(le32(P + 3n), 0);
  assert.ok(!isCanonicalEd25519Signature(badR));
  assert.ok(!isCanonicalEd25519Signature(signature.subarray(0, 63)));
});

Deno.test("a file whose signature has S + L is refused as an authentication failure", () => {
  const alice = start();
  let s = 0n;
  for (let i = INITIATOR.length - 1; i >= INITIATOR.signature + 32; i--) {
    s = (s << 8n) | BigInt(alice.file[i]!);
  }
  // S < L < 2^253, so S + L still fits the 32-byte field.
  const file = patched(alice.file, INITIATOR.signature + 32, le32(s + L));
  assert.throws(() => answer(file), (e) => isPlicoError(e, "crypto.auth_failed"));
});

/** A real ML-KEM key with coefficient `index` set to `value` (12-bit packing of FIPS 203). */
function withCoefficient(key: Uint8Array, index: number, value: number): Uint8Array {
  const out = key.slice();
  const at = Math.floor(index / 2) * 3;
  if (index % 2 === 0) {
    out[at] = value & 0xff;
    out[at + 1] = (out[at + 1]! & 0xf0) | (value >> 8);
  } else {
    out[at + 1] = (out[at + 1]! & 0x0f) | ((value & 0x0f) << 4);
    out[at + 2] = value >> 4;
  }
  return out;
}

Deno.test("ML-KEM keys pass the modulus check only with every coefficient below q", () => {
  const key = crypto.mlkem768KeyPair(seededRandom("mlkem").randomBytes(64)).publicKey;
  assert.ok(isCanonicalMlKemPublic(key));
  for (const index of [0, 1, 2, 3, 511, 766, 767]) {
    assert.ok(isCanonicalMlKemPublic(withCoefficient(key, index, 3328)), `${index} = q-1`);
    assert.ok(!isCanonicalMlKemPublic(withCoefficient(key, index, 3329)), `${index} = q`);
    assert.ok(!isCanonicalMlKemPublic(withCoefficient(key, index, 4095)), `${index} = 4095`);
  }
  // The 32-byte seed rho at the end is free-form.
  const rho = key.slice();
  rho.fill(0xff, 1152);
  assert.ok(isCanonicalMlKemPublic(rho));
  assert.ok(!isCanonicalMlKemPublic(key.subarray(1)));
});

Deno.test("validly signed files with an out-of-range ML-KEM key are refused as malformed", () => {
  const alice = start();
  const bob = answer(alice.file);
  const badInitiatorKey = withCoefficient(
    alice.file.slice(INITIATOR.kemPublic, INITIATOR.params),
    5,
    3329,
  );
  const i = resignInitiator(
    patched(alice.file, INITIATOR.kemPublic, badInitiatorKey),
    identity("alice"),
  );
  assert.throws(
    () => answer(i),
    (e) => isPlicoError(e, "input.malformed") && /ML-KEM/.test(e.message),
  );
  const badResponderKey = withCoefficient(
    bob.file.slice(RESPONDER.kemPublic, RESPONDER.createdAt),
    700,
    4000,
  );
  const r = resignResponder(
    patched(bob.file, RESPONDER.kemPublic, badResponderKey),
    identity("bob"),
  );
  assert.throws(
    () => finishHandshake(crypto, fixedClock(T0 + 120_000), alice.pending, r),
    (e) => isPlicoError(e, "input.malformed") && /ML-KEM/.test(e.message),
  );
});

Deno.test("unknown flags, versions and suites are refused even when validly signed", () => {
  const alice = start();
  const cases: [number, Uint8Array, RegExp][] = [
    [INITIATOR.params + 6, new Uint8Array([0, 1]), /flags/],
    [INITIATOR.params, new Uint8Array([0, 0, 0, 0]), /lifetime/],
    [INITIATOR.params + 4, new Uint8Array([0x03, 0xe9]), /window/],
    [6, new Uint8Array([1]), /version/], // v1 was never released: refused like any other
    [7, new Uint8Array([2]), /suite/],
    [0, new Uint8Array([0x70]), /magic/],
  ];
  for (const [offset, value, message] of cases) {
    const file = resignInitiator(patched(alice.file, offset, value), identity("alice"));
    assert.throws(
      () => answer(file),
      (e) => isPlicoError(e, "input.malformed") && message.test(e.message),
      String(message),
    );
  }
});
