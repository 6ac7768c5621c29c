import assert from "node:assert/strict";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { concat } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import {
  BODY_CHUNK_BYTES,
  BODY_SEALED_CHUNK_BYTES,
  bodyChunkPlan,
  chunkNonce,
  sealedBodyLength,
  writeChunkNonce,
} from "../../../domain/envelope/body_format.ts";
import { createBodyOpener, TAMPERED_MESSAGE } from "../../../domain/envelope/body_opener.ts";
import { createBodySealer } from "../../../domain/envelope/body_sealer.ts";
import { createBodyReader, createBodyWriter } from "../../../domain/envelope/body_stream.ts";
import { HEADER_BYTES } from "../../../domain/ratchet/ratchet_format.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const crypto = createCrypto();
const random = seededRandom("body tests");
const messageKey = random.randomBytes(32);
const header = random.randomBytes(HEADER_BYTES);
const C = BODY_CHUNK_BYTES;
const S = BODY_SEALED_CHUNK_BYTES;

const tampered = (e: unknown) =>
  isPlicoError(e, "crypto.auth_failed") && e.message === TAMPERED_MESSAGE;
const malformed = (e: unknown) => isPlicoError(e, "input.malformed");
const internal = (e: unknown) => isPlicoError(e, "internal");

/** Splits `bytes` into pieces of pseudo-random sizes up to `max`. */
function pieces(bytes: Uint8Array, seed: string, max = 100_000): Uint8Array[] {
  const r = seededRandom(seed);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const [a, b, c] = r.randomBytes(3);
    const size = 1 + (((a! << 16) | (b! << 8) | c!) % max);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

/** The writer gives each sealed chunk as ciphertext then tag; this joins them into chunks. */
function joinParts(parts: Uint8Array[]): Uint8Array[] {
  assert.equal(parts.length % 2, 0, "ciphertext and tag come in pairs");
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    assert.equal(parts[i + 1]!.length, 16, "the second of each pair is the tag");
    chunks.push(concat(parts[i]!, parts[i + 1]!));
  }
  return chunks;
}

function sealBody(plain: Uint8Array, seed = "split"): Uint8Array[] {
  const writer = createBodyWriter(crypto, messageKey, header);
  const sealed = pieces(plain, seed).flatMap((p) => writer.push(p));
  return joinParts([...sealed, ...writer.finish()]);
}

function openBody(chunks: Uint8Array[]): Uint8Array {
  const opener = createBodyOpener(crypto, messageKey, header);
  return concat(...chunks.map((c, i) => opener.openChunk(c, i === chunks.length - 1)));
}

Deno.test("the chunk nonce is an 11-byte big-endian counter and a last-chunk flag", () => {
  assert.deepEqual(chunkNonce(0, false), new Uint8Array(12));
  assert.deepEqual(chunkNonce(1, true), new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]));
  assert.deepEqual(
    chunkNonce(2 ** 32 + 258, false),
    new Uint8Array([0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 0]),
  );
});

Deno.test("a reused nonce array is wholly rewritten for each chunk", () => {
  const reused = new Uint8Array(12).fill(0xff);
  const indices = [0, 1, 255, 256, 65_535, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, 2 ** 53 - 1];
  for (const index of indices) {
    for (const isLast of [false, true]) {
      assert.equal(writeChunkNonce(reused, index, isLast), reused);
      assert.deepEqual(reused, chunkNonce(index, isLast), `index ${index}, last ${isLast}`);
    }
  }
  // 2^53 - 1 in the eight low bytes of the 11-byte counter, flag 1.
  assert.deepEqual(
    writeChunkNonce(new Uint8Array(12), 2 ** 53 - 1, true),
    new Uint8Array([0, 0, 0, 0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1]),
  );
  assert.throws(() => writeChunkNonce(new Uint8Array(11), 0, false));
  assert.throws(() => writeChunkNonce(new Uint8Array(12), -1, false));
});

Deno.test("sealed body lengths and chunk plans agree for every boundary case", () => {
  const cases: [number, number, number][] = [
    [0, 16, 1],
    [1, 17, 1],
    [C - 1, S - 1, 1],
    [C, S, 1],
    [C + 1, S + 17, 2],
    [3 * C, 3 * S, 3],
    [3 * C + 5, 3 * S + 21, 4],
  ];
  for (const [plain, sealed, chunks] of cases) {
    assert.equal(sealedBodyLength(plain), sealed, `plain ${plain}`);
    const plan = bodyChunkPlan(sealed);
    assert.equal(plan.chunks, chunks);
    assert.equal(plan.plainLength, plain);
    assert.equal(plan.lastSealedBytes, sealed - (chunks - 1) * S);
  }
  for (const impossible of [0, 15, S + 1, S + 16, 2 * S + 16]) {
    assert.throws(() => bodyChunkPlan(impossible), malformed, `${impossible}`);
  }
});

Deno.test("bodies of every boundary size round-trip through the writer and the reader in any pieces", () => {
  for (const length of [0, 1, C - 1, C, C + 1, 3 * C, 3 * C + 5]) {
    const plain = seededRandom(`plain ${length}`).randomBytes(length);
    const chunks = sealBody(plain, `w${length}`);
    assert.equal(chunks.length, bodyChunkPlan(sealedBodyLength(length)).chunks);
    const sealed = concat(...chunks);
    assert.equal(sealed.length, sealedBodyLength(length));
    const reader = createBodyReader(crypto, messageKey, header);
    const opened = pieces(sealed, `r${length}`, 70_000).flatMap((p) => reader.push(p));
    assert.deepEqual(concat(...opened, ...reader.finish()), plain, `length ${length}`);
  }
});

Deno.test("the native and the noble ChaCha20-Poly1305 produce and open the same body", () => {
  const noble = createCrypto({ bulk: "noble" });
  const plain = seededRandom("noble").randomBytes(C + 100);
  const native = sealBody(plain);
  const sealer = createBodySealer(noble, messageKey, header);
  const viaNoble = [
    sealer.sealChunk(plain.subarray(0, C), false),
    sealer.sealChunk(plain.subarray(C), true),
  ];
  assert.deepEqual(viaNoble, native);
});

/** The body as the noble reference seals it, one chunk per call (no stream code involved). */
function nobleChunks(plain: Uint8Array): Uint8Array[] {
  const sealer = createBodySealer(createCrypto({ bulk: "noble" }), messageKey, header);
  const out: Uint8Array[] = [];
  for (let at = 0; at + C < plain.length; at += C) {
    out.push(sealer.sealChunk(plain.subarray(at, at + C), false));
  }
  const lastStart = plain.length === 0 ? 0 : Math.floor((plain.length - 1) / C) * C;
  out.push(sealer.sealChunk(plain.subarray(lastStart), true));
  return out;
}

Deno.test("whole chunks taken straight from large pieces seal and open exactly like single chunks", () => {
  // Piece layouts that hit each path of the stream: blocks inside one piece with more bytes
  // after them (no copy), a piece ending exactly on a block (held back: it may be the last),
  // blocks straddling pieces, and one piece holding the whole body.
  const length = 5 * C + 7;
  const plain = seededRandom("large pieces").randomBytes(length);
  const layouts: number[][] = [
    [length],
    [C, C, C, C, C, 7],
    [C + 1, C - 1, 2 * C, C + 7],
    [2 * C, 3 * C, 7],
    [1, 4 * C, C + 6],
    [5 * C, 7],
    [5 * C + 6, 1],
  ];
  const expected = nobleChunks(plain);
  for (const layout of layouts) {
    const writer = createBodyWriter(crypto, messageKey, header);
    const reader = createBodyReader(crypto, messageKey, header);
    const sealed: Uint8Array[] = [];
    let at = 0;
    for (const size of layout) {
      sealed.push(...writer.push(plain.subarray(at, at + size)));
      at += size;
    }
    sealed.push(...writer.finish());
    assert.equal(at, length);
    assert.deepEqual(joinParts(sealed), expected, `writer, pieces ${layout}`);
    // The reader gets the same layout scaled to sealed chunks (+16 per whole chunk).
    const body = concat(...sealed);
    const opened: Uint8Array[] = [];
    let from = 0;
    for (const size of layout) {
      const n = Math.min(body.length - from, size + 16 * Math.floor(size / C));
      opened.push(...reader.push(body.subarray(from, from + n)));
      from += n;
    }
    opened.push(...reader.push(body.subarray(from)), ...reader.finish());
    assert.deepEqual(concat(...opened), plain, `reader, pieces ${layout}`);
  }
});

Deno.test("stream outputs are the caller's: they never alias a piece, the held block or each other", () => {
  const plain = seededRandom("aliasing").randomBytes(3 * C + 100);
  const piece = plain.slice();
  const writer = createBodyWriter(crypto, messageKey, header);
  // Pieces that leave a held block between calls, then overwrite the piece buffer.
  const first = writer.push(piece.subarray(0, C + 50));
  const firstCopy = first.map((c) => c.slice());
  const second = writer.push(piece.subarray(C + 50));
  piece.fill(0xee);
  const last = writer.finish();
  assert.deepEqual(first, firstCopy, "earlier outputs unchanged by later calls");
  assert.deepEqual(joinParts([...first, ...second, ...last]), nobleChunks(plain));
  const sealed = concat(...first, ...second, ...last);
  const input = sealed.slice();
  const reader = createBodyReader(crypto, messageKey, header);
  const opened = [...reader.push(input.subarray(0, 2 * S + 3))];
  opened.push(...reader.push(input.subarray(2 * S + 3)));
  input.fill(0);
  opened.push(...reader.finish());
  const buffers = new Set(opened.map((p) => p.buffer));
  assert.equal(buffers.size, opened.length, "each output has its own memory");
  assert.deepEqual(concat(...opened), plain);
  // The caller may wipe an output without touching the others.
  opened[0]!.fill(0);
  assert.deepEqual(concat(...opened.slice(1)), plain.subarray(C));
});

Deno.test("a failed stream keeps failing with the same error", () => {
  const chunks = sealBody(seededRandom("stream failure").randomBytes(2 * C + 9));
  const bad = concat(...chunks);
  bad[S + 3]! ^= 1;
  const reader = createBodyReader(crypto, messageKey, header);
  assert.equal(reader.push(bad.subarray(0, S + 10)).length, 1);
  assert.throws(() => reader.push(bad.subarray(S + 10)), tampered);
  assert.throws(() => reader.push(new Uint8Array(1)), tampered, "push after the failure");
  assert.throws(() => reader.finish(), tampered, "finish after the failure");
});

Deno.test("truncation at each chunk boundary, duplication, reordering and extension are refused", () => {
  const plain = seededRandom("tamper").randomBytes(3 * C + 10);
  const chunks = sealBody(plain);
  assert.equal(chunks.length, 4);
  assert.deepEqual(openBody(chunks), plain);
  for (let keep = 1; keep < chunks.length; keep++) {
    assert.throws(() => openBody(chunks.slice(0, keep)), tampered, `truncated to ${keep}`);
  }
  const [c0, c1, c2, c3] = chunks as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  assert.throws(() => openBody([c0, c0, c1, c2, c3]), tampered, "duplicated");
  assert.throws(() => openBody([c1, c0, c2, c3]), tampered, "swapped");
  // The short last chunk in a middle position has an impossible size: refused before its tag.
  assert.throws(() => openBody([c0, c1, c2, c3, c3]), malformed, "last repeated");
  assert.throws(() => openBody([c0, c1, c2, c2, c3]), tampered, "middle repeated");
  // Appended bytes seen through the length-based reader: a 17+ byte tail becomes a bogus
  // last chunk (tag fails), a 1..16 byte tail leaves an impossible remainder.
  const whole = concat(...chunks);
  for (const extra of [1, 16, 17, 100, S]) {
    const reader = createBodyReader(crypto, messageKey, header);
    const longer = concat(whole, new Uint8Array(extra));
    assert.throws(
      () => [...reader.push(longer), ...reader.finish()],
      (e) => tampered(e) || malformed(e),
      `${extra} bytes appended`,
    );
  }
});

Deno.test("a body sealed under another header does not open", () => {
  const chunks = sealBody(new Uint8Array(10));
  const otherHeader = header.slice();
  otherHeader[0]! ^= 1;
  const opener = createBodyOpener(crypto, messageKey, otherHeader);
  assert.throws(() => opener.openChunk(chunks[0]!, true), tampered);
});

Deno.test("the opener refuses impossible chunk sizes and keeps failing once it failed", () => {
  const chunks = sealBody(seededRandom("sizes").randomBytes(C + 1));
  const opener = createBodyOpener(crypto, messageKey, header);
  assert.throws(() => opener.openChunk(chunks[0]!.subarray(1), false), malformed);
  assert.throws(() => opener.openChunk(chunks[0]!, false), malformed, "still the first error");
  const second = createBodyOpener(crypto, messageKey, header);
  const bad = chunks[0]!.slice();
  bad[5]! ^= 0x40;
  assert.throws(() => second.openChunk(bad, false), tampered);
  assert.throws(() => second.openChunk(chunks[0]!, false), tampered, "the genuine chunk too");
  const third = createBodyOpener(crypto, messageKey, header);
  third.openChunk(chunks[0]!, false);
  assert.throws(
    () => third.openChunk(new Uint8Array(16), true),
    malformed,
    "empty last after others",
  );
  const fourth = createBodyOpener(crypto, messageKey, header);
  fourth.openChunk(chunks[0]!, false);
  fourth.openChunk(chunks[1]!, true);
  assert.ok(fourth.finished);
  assert.throws(() => fourth.openChunk(chunks[1]!, true), internal, "after the last");
});

Deno.test("the sealer refuses misuse and keeps failing once it failed", () => {
  const short = createBodySealer(crypto, messageKey, header);
  assert.throws(() => short.sealChunk(new Uint8Array(C - 1), false), internal, "short middle");
  assert.throws(() => short.sealChunk(new Uint8Array(C), false), internal, "keeps failing");
  const emptyLast = createBodySealer(crypto, messageKey, header);
  emptyLast.sealChunk(new Uint8Array(C), false);
  assert.throws(() => emptyLast.sealChunk(new Uint8Array(0), true), internal, "empty last");
  const tooBig = createBodySealer(crypto, messageKey, header);
  assert.throws(() => tooBig.sealChunk(new Uint8Array(C + 1), true), internal);
  const done = createBodySealer(crypto, messageKey, header);
  done.sealChunk(new Uint8Array(0), true);
  assert.ok(done.finished);
  assert.throws(() => done.sealChunk(new Uint8Array(1), true), internal, "after the last");
  const writer = createBodyWriter(crypto, messageKey, header);
  writer.finish();
  assert.throws(() => writer.push(new Uint8Array(1)), internal);
});
