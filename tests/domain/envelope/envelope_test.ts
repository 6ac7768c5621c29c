import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { BODY_SEALED_CHUNK_BYTES, sealedBodyLength } from "../../../domain/envelope/body_format.ts";
import { TAMPERED_MESSAGE } from "../../../domain/envelope/body_opener.ts";
import {
  checkEnvelopeLength,
  ENVELOPE_MIN_BYTES,
  openEnvelope,
} from "../../../domain/envelope/envelope_bytes.ts";
import {
  openEnvelopeHeader,
  sealEnvelopeHeader,
} from "../../../domain/envelope/envelope_header.ts";
import { encodePackage } from "../../../domain/package/package_bytes.ts";
import { maxExtraPadding } from "../../../domain/padding.ts";
import { ratchetEncrypt } from "../../../domain/ratchet/ratchet_encrypt.ts";
import { HEADER_BYTES } from "../../../domain/ratchet/ratchet_format.ts";
import { encodeRatchetState } from "../../../domain/ratchet/state_codec.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { content, crypto, openAt, pair, sealFrom, T0 } from "./fixtures.ts";

const tampered = (e: unknown) =>
  isPlicoError(e, "crypto.auth_failed") && e.message === TAMPERED_MESSAGE;
const unknown = (e: unknown) => isPlicoError(e, "envelope.unknown");

/** A copy of `bytes` with bit `bit` of byte `at` flipped. */
function flip(bytes: Uint8Array, at: number, bit = at % 8): Uint8Array {
  const out = bytes.slice();
  out[at]! ^= 1 << bit;
  return out;
}

Deno.test("an envelope opens to exactly the package that was sealed, both ways", () => {
  const { alice, bob } = pair("envelope");
  const first = sealFrom(alice, content("Hello Bob", "attachment bytes"));
  const got = openAt(bob, first.envelope, T0 + 1000);
  assert.deepEqual(got.message, content("Hello Bob", "attachment bytes"));
  assert.deepEqual(got.opened.info, first.info);
  const reply = sealFrom(bob, content("Hi Alice"));
  assert.deepEqual(openAt(alice, reply.envelope).message, content("Hi Alice"));
  const step = sealFrom(alice, content("after a round trip"));
  assert.equal(step.kemStep, true);
  assert.equal(openAt(bob, step.envelope).opened.kemStep, true);
});

Deno.test("headers have a constant size and envelopes only the Padmé size of their package", () => {
  const { alice, bob } = pair("sizes");
  const initial = sealFrom(alice, content("x"));
  openAt(bob, initial.envelope);
  openAt(alice, sealFrom(bob, content("y")).envelope);
  const stepped = sealFrom(alice, content("x"));
  assert.equal(stepped.kemStep, true);
  assert.equal(initial.kemStep, false);
  // KEM step or filler: the same header size; the bodies differ only by the random extra
  // padding (PROTOCOL-envelope §11), here at most ⌊padme(L) / 16⌋ bytes.
  const zero = { randomBytes: (n: number) => new Uint8Array(n) };
  const body = encodePackage(content("x"), zero);
  const most = body.length + maxExtraPadding(body.length);
  for (const e of [initial.envelope, stepped.envelope]) {
    assert.ok(e.length >= HEADER_BYTES + sealedBodyLength(body.length));
    assert.ok(e.length <= HEADER_BYTES + sealedBodyLength(most));
  }
  assert.equal(HEADER_BYTES, 2386);
});

Deno.test("flipping any single bit of a small envelope is refused as corrupted or tampered", () => {
  const { alice, bob } = pair("bitflip");
  const { envelope } = sealFrom(alice, content("short"));
  const before = encodeRatchetState(bob.state);
  // Every byte, with the flipped bit cycling through all eight positions; all eight bits of
  // the first and last 64 bytes (nonce, tag, padding).
  const positions: [number, number][] = [];
  for (let at = 0; at < envelope.length; at++) positions.push([at, at % 8]);
  for (let at = 0; at < 64; at++) {
    for (let bit = 0; bit < 8; bit++) {
      positions.push([at, bit], [envelope.length - 1 - at, bit]);
    }
  }
  for (const [at, bit] of positions) {
    // A damaged header opens under no key: that cannot be told from an envelope of another
    // session (PROTOCOL §5, `envelope.unknown`); a damaged body fails its tag.
    assert.throws(
      () => openEnvelope(crypto, bob.state, flip(envelope, at, bit), T0),
      at < HEADER_BYTES ? unknown : tampered,
      `byte ${at} bit ${bit}`,
    );
  }
  assert.deepEqual(encodeRatchetState(bob.state), before, "no failed open changed the state");
  openAt(bob, envelope); // and the genuine envelope still opens
});

Deno.test("in a multi-chunk envelope every tag, chunk boundary and the padding are protected", () => {
  const { alice, bob } = pair("bitflip-large");
  const big = content("large", "z".repeat(3 * 65_536 + 1234));
  const { envelope } = sealFrom(alice, big);
  const chunks = Math.ceil((envelope.length - HEADER_BYTES) / BODY_SEALED_CHUNK_BYTES);
  assert.equal(chunks, 4);
  const targets: number[] = [];
  for (let c = 0; c < chunks; c++) {
    const start = HEADER_BYTES + c * BODY_SEALED_CHUNK_BYTES;
    const end = Math.min(start + BODY_SEALED_CHUNK_BYTES, envelope.length);
    targets.push(start, start + 1, end - 17, end - 16, end - 8, end - 1);
    if (start + 5000 < end) targets.push(start + 5000);
  }
  // The padding sits just before the last tag.
  for (let back = 17; back < 60; back++) targets.push(envelope.length - back);
  for (const at of targets) {
    assert.throws(() => openEnvelope(crypto, bob.state, flip(envelope, at), T0), tampered, `${at}`);
  }
  // Truncation at each chunk boundary and appended bytes.
  for (let c = 1; c < chunks; c++) {
    const cut = envelope.subarray(0, HEADER_BYTES + c * BODY_SEALED_CHUNK_BYTES);
    assert.throws(() => openEnvelope(crypto, bob.state, cut, T0), tampered, `cut after ${c}`);
  }
  for (const extra of [1, 16, 17, BODY_SEALED_CHUNK_BYTES]) {
    const longer = new Uint8Array(envelope.length + extra);
    longer.set(envelope);
    assert.throws(
      () => openEnvelope(crypto, bob.state, longer, T0),
      (e) => tampered(e) || isPlicoError(e, "input.malformed"),
      `${extra} appended`,
    );
  }
  assert.deepEqual(openAt(bob, envelope).message, big);
});

Deno.test("an envelope is refused as unavailable when replayed, with its message id", () => {
  const { alice, bob } = pair("replay-envelope");
  const sealed = sealFrom(alice, content("once"));
  openAt(bob, sealed.envelope);
  const again = openEnvelope(crypto, bob.state, sealed.envelope, T0);
  assert.equal(again.kind, "key_unavailable");
  assert.deepEqual(again.info.messageId, sealed.info.messageId);
});

Deno.test("an expired envelope is reported as expired and changes nothing", () => {
  const { alice, bob } = pair("expiry-envelope");
  const sealed = sealFrom(alice, content("soon gone"), T0, T0 + 60_000);
  assert.equal(sealed.info.expiresAt, T0 + 60_000);
  const late = openEnvelopeHeader(
    crypto,
    bob.state,
    sealed.envelope.subarray(0, HEADER_BYTES),
    T0 + 60_000,
  );
  assert.equal(late?.kind, "expired");
  const early = openAt(bob, sealed.envelope, T0 + 59_999);
  assert.equal(early.opened.info.expiresAt, T0 + 60_000);
});

Deno.test("sealing refuses an expiry that is not after the creation time", () => {
  const { alice } = pair("bad-expiry");
  for (const expiresAt of [T0, T0 - 1]) {
    assert.throws(
      () => sealEnvelopeHeader(crypto, alice.random, alice.state, { createdAt: T0, expiresAt }),
      (e) => isPlicoError(e, "usage"),
    );
  }
});

Deno.test("an envelope of another session matches no header key", () => {
  const one = pair("one");
  const two = pair("two");
  const sealed = sealFrom(one.alice, content("for Bob one"));
  const header = sealed.envelope.subarray(0, HEADER_BYTES);
  assert.equal(openEnvelopeHeader(crypto, two.bob.state, header, T0), null);
  assert.throws(() => openEnvelope(crypto, two.bob.state, sealed.envelope, T0), unknown);
});

Deno.test("authentic headers with malformed envelope info are refused", () => {
  const { alice, bob } = pair("info");
  const withExtra = (edit: (extra: Uint8Array) => void) => {
    const extra = new Uint8Array(33);
    // created_at_ms at offsets 17..25 of the envelope info (§5.1).
    new DataView(extra.buffer).setUint32(17, T0 / 2 ** 32 >>> 0);
    new DataView(extra.buffer).setUint32(21, T0 >>> 0);
    edit(extra);
    return ratchetEncrypt(crypto, seededRandom("info"), alice.state, extra).header;
  };
  const view = (e: Uint8Array) => new DataView(e.buffer);
  const cases: [string, (extra: Uint8Array) => void][] = [
    ["unknown flag", (e) => (e[0] = 2)],
    ["expiry without its flag", (e) => view(e).setUint32(33 - 4, 5)],
    ["expiry before creation", (e) => (e[0] = 1)],
    ["creation time past 2^53", (e) => (e[17] = 0xff)],
  ];
  const good = withExtra(() => {});
  assert.equal(openEnvelopeHeader(crypto, bob.state, good, T0)?.kind, "ok");
  for (const [what, edit] of cases) {
    assert.throws(
      () => openEnvelopeHeader(crypto, bob.state, withExtra(edit), T0),
      (e) => isPlicoError(e, "input.malformed"),
      what,
    );
  }
});

Deno.test("lengths no envelope can have are refused before any key is tried", () => {
  assert.equal(ENVELOPE_MIN_BYTES, 2402);
  for (const length of [0, 100, HEADER_BYTES, ENVELOPE_MIN_BYTES - 1]) {
    assert.throws(() => checkEnvelopeLength(length), (e) => isPlicoError(e, "input.malformed"));
  }
  checkEnvelopeLength(ENVELOPE_MIN_BYTES);
  assert.throws(() => checkEnvelopeLength(2 ** 40), (e) => isPlicoError(e, "envelope.limit"));
});
