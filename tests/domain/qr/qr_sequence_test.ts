import assert from "node:assert/strict";
import { concat, u32be } from "../../../domain/bytes.ts";
import { crc32 } from "../../../domain/crc32.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import {
  QR_MAX_PARTS,
  QR_MAX_PAYLOAD_BYTES,
  QR_PART_DATA_MAX_BYTES,
} from "../../../domain/limits.ts";
import { encodeSequence, parsePart, partCount, QrCollector } from "../../../domain/qr/mod.ts";
import { QR_HEADER_BYTES, QR_TRAILER_BYTES } from "../../../domain/qr/qr_part.ts";
import { seededRandom } from "../../support/seeded_random.ts";

const ID = Uint8Array.of(0xa0, 0xb1, 0xc2, 0xd3);
const random = seededRandom("qr sequence tests");

function qrError(pattern: RegExp): (e: unknown) => boolean {
  return (e) => isPlicoError(e, "qr.error") && pattern.test((e as Error).message);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest])
  );
}

Deno.test("every payload size from 1 byte to the limit splits into valid parts of one slice size", () => {
  const payload = random.randomBytes(QR_MAX_PAYLOAD_BYTES);
  for (let size = 1; size <= QR_MAX_PAYLOAD_BYTES; size++) {
    const parts = encodeSequence(payload.subarray(0, size), ID);
    assert.equal(parts.length, partCount(size));
    assert.ok(parts.length <= QR_MAX_PARTS, `${size}`);
    const slices = parts.map((p) => parsePart(p).slice.length);
    const first = slices[0]!;
    assert.equal(first, Math.ceil(size / parts.length));
    assert.ok(first <= QR_PART_DATA_MAX_BYTES);
    assert.ok(slices.slice(0, -1).every((n) => n === first), `${size}: ${slices}`);
    assert.ok(slices.at(-1)! >= 1 && slices.at(-1)! <= first, `${size}: ${slices}`);
  }
  assert.equal(partCount(QR_MAX_PAYLOAD_BYTES), QR_MAX_PARTS);
});

Deno.test("an empty payload and one past the limit cannot be shown", () => {
  assert.throws(() => encodeSequence(new Uint8Array(0), ID), qrError(/^nothing to show/));
  assert.throws(
    () => encodeSequence(new Uint8Array(QR_MAX_PAYLOAD_BYTES + 1), ID),
    qrError(/^too large for QR codes: 12289 bytes, at most 12288/),
  );
});

Deno.test("the parts of a sequence reassemble in any order", () => {
  const payload = random.randomBytes(1368);
  const parts = encodeSequence(payload, ID);
  assert.equal(parts.length, 4);
  for (const order of permutations(parts)) {
    const collector = new QrCollector();
    for (const part of order) collector.add(part);
    assert.ok(collector.complete);
    assert.deepEqual(collector.assemble(), payload);
  }
});

Deno.test("progress names the missing parts; a code scanned twice changes nothing", () => {
  const parts = encodeSequence(random.randomBytes(2448), ID);
  assert.equal(parts.length, 7);
  const collector = new QrCollector();
  assert.equal(collector.count, null);
  assert.deepEqual(collector.missing(), []);
  assert.equal(collector.complete, false);
  assert.throws(() => collector.assemble(), qrError(/^no Plico QR code was read/));
  assert.deepEqual(collector.add(parts[3]!), {
    outcome: "added",
    part: 4,
    count: 7,
    missing: [1, 2, 3, 5, 6, 7],
  });
  assert.equal(collector.add(parts[3]!).outcome, "duplicate");
  collector.add(parts[0]!);
  collector.add(parts[6]!);
  assert.throws(
    () => collector.assemble(),
    qrError(/^QR sequence incomplete: part 2, 3, 5, 6 of 7 missing/),
  );
  for (const i of [1, 2, 4]) collector.add(parts[i]!);
  assert.deepEqual(collector.missing(), [6]);
  assert.equal(collector.complete, false);
  assert.deepEqual(collector.add(parts[5]!).missing, []);
  assert.ok(collector.complete);
});

Deno.test("a long list of missing parts is shortened in the message", () => {
  const parts = encodeSequence(random.randomBytes(QR_MAX_PAYLOAD_BYTES), ID);
  const collector = new QrCollector();
  collector.add(parts[0]!);
  assert.throws(
    () => collector.assemble(),
    qrError(
      /^QR sequence incomplete: part 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 and 19 more of 32/,
    ),
  );
});

Deno.test("a part of another sequence is refused and changes nothing", () => {
  const payload = random.randomBytes(1000);
  const parts = encodeSequence(payload, ID);
  const others = [
    encodeSequence(payload, Uint8Array.of(1, 1, 1, 1)), // same file shown again
    encodeSequence(random.randomBytes(1000), ID), // same id, other file
    encodeSequence(random.randomBytes(1300), ID), // other count and total
  ];
  const collector = new QrCollector();
  collector.add(parts[0]!);
  for (const other of others) {
    for (const part of other) {
      assert.throws(
        () => collector.add(part),
        qrError(/^this QR code belongs to another sequence/),
      );
      assert.deepEqual(collector.missing(), [2, 3]);
    }
  }
  collector.add(parts[2]!);
  collector.add(parts[1]!);
  assert.deepEqual(collector.assemble(), payload);
});

/** `part` with its body edited and its checksum made right again. */
function forge(part: Uint8Array, edit: (body: Uint8Array) => void): Uint8Array {
  const body = part.slice(0, part.length - QR_TRAILER_BYTES);
  edit(body);
  return concat(body, u32be(crc32(body)));
}

Deno.test("the same index with other bytes is refused, even with a right checksum", () => {
  const parts = encodeSequence(random.randomBytes(800), ID);
  const collector = new QrCollector();
  collector.add(parts[1]!);
  const changed = forge(parts[1]!, (b) => b[QR_HEADER_BYTES]! ^= 1);
  assert.throws(() => collector.add(changed), qrError(/another sequence/));
  assert.deepEqual(collector.missing(), [1, 3]);
});

Deno.test("parts that agree on a wrong payload checksum do not reassemble", () => {
  const parts = encodeSequence(random.randomBytes(800), ID);
  const collector = new QrCollector();
  for (const part of parts) collector.add(forge(part, (b) => b[16]! ^= 0x80));
  assert.ok(collector.complete);
  assert.throws(() => collector.assemble(), qrError(/^the QR parts do not add up/));
});

Deno.test("every single-bit flip and every truncation of a part is refused", () => {
  const [part] = encodeSequence(random.randomBytes(120), ID);
  for (let bit = 0; bit < part!.length * 8; bit++) {
    const bad = part!.slice();
    bad[bit >> 3]! ^= 1 << (bit & 7);
    assert.throws(() => parsePart(bad), qrError(/^(not a Plico|damaged|QR part of framing)/));
  }
  for (let n = 0; n < part!.length; n++) {
    assert.throws(() => parsePart(part!.subarray(0, n)), qrError(/./), `${n}`);
  }
  assert.throws(() => parsePart(concat(part!, Uint8Array.of(0))), qrError(/^damaged/));
});

Deno.test("foreign codes, newer framings and oversized parts are told apart", () => {
  const [part] = encodeSequence(random.randomBytes(10), ID);
  assert.throws(() => parsePart(new TextEncoder().encode("WIFI:S:x;;")), qrError(/^not a Plico/));
  assert.throws(() => parsePart(Uint8Array.of(0x50)), qrError(/^not a Plico/));
  assert.throws(() => parsePart(forge(part!, (b) => b[2] = 7)), qrError(/framing version 7/));
  const huge = concat(part!.subarray(0, 3), new Uint8Array(1 << 20));
  assert.throws(() => parsePart(huge), qrError(/^damaged QR part \(too long\)/));
});
