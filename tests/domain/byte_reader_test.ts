import assert from "node:assert/strict";
import { ByteReader } from "../../domain/byte_reader.ts";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";

const bytes = (...b: number[]) => new Uint8Array(b);

Deno.test("ByteReader reads big-endian integers and byte fields in order", () => {
  const r = new ByteReader(
    bytes(
      0xff,
      0x12,
      0x34,
      0xde,
      0xad,
      0xbe,
      0xef,
      0,
      0x1f,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      9,
      8,
    ),
    "record",
  );
  assert.equal(r.u8(), 0xff);
  assert.equal(r.u16(), 0x1234);
  assert.equal(r.u32(), 0xdeadbeef);
  assert.equal(r.u64(), Number.MAX_SAFE_INTEGER);
  assert.equal(r.remaining, 2);
  const field = r.take(2);
  assert.deepEqual(field, bytes(9, 8));
  assert.equal(r.offset, 17);
  r.end();
});

Deno.test("ByteReader.take() copies, so parsed values never alias the input", () => {
  const input = bytes(1, 2, 3);
  const taken = new ByteReader(input, "record").take(3);
  input[0] = 7;
  assert.deepEqual(taken, bytes(1, 2, 3));
});

Deno.test("ByteReader refuses reads past the end, trailing bytes and unsafe u64s", () => {
  const malformedWith = (why: RegExp) => (e: unknown) =>
    isPlicoError(e, "input.malformed") && /^record: /.test(e.message) && why.test(e.message);
  assert.throws(() => new ByteReader(bytes(1), "record").u16(), malformedWith(/truncated/));
  assert.throws(() => new ByteReader(bytes(1, 2, 3), "record").u32(), malformedWith(/truncated/));
  assert.throws(() => new ByteReader(bytes(1), "record").take(2), malformedWith(/truncated/));
  assert.throws(() => new ByteReader(bytes(1), "record").at(2), malformedWith(/truncated/));
  const r = new ByteReader(bytes(1, 2), "record");
  r.u8();
  assert.throws(() => r.end(), malformedWith(/1 trailing bytes/));
  assert.throws(
    () => new ByteReader(bytes(0, 0x20, 0, 0, 0, 0, 0, 0), "record").u64("the time"),
    malformedWith(/the time is out of range/),
  );
});

Deno.test("ByteReader.at() jumps to fixed offsets and its failures use the given error", () => {
  const r = new ByteReader(
    bytes(0, 0, 0, 5, 6),
    "stored",
    (part, why) => new PlicoError("profile.corrupt", `${part}: ${why}`),
  );
  assert.equal(r.at(3).u8(), 5);
  assert.equal(r.at(0).u32(), 5);
  assert.throws(() => r.at(4).u16(), (e) => isPlicoError(e, "profile.corrupt"));
});
