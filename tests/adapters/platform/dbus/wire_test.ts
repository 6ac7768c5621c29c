import assert from "node:assert/strict";
import { isPlicoError } from "../../../../domain/errors.ts";
import { type DBusValue, Variant } from "../../../../adapters/platform/dbus/dbus_value.ts";
import { WireReader } from "../../../../adapters/platform/dbus/wire_reader.ts";
import { WireWriter } from "../../../../adapters/platform/dbus/wire_writer.ts";

function encode(signature: string, values: DBusValue[]): Uint8Array {
  const w = new WireWriter();
  w.writeAll(signature, values);
  return w.bytes();
}

function decode(signature: string, bytes: Uint8Array, little = true): DBusValue[] {
  return new WireReader(bytes, little).readAll(signature);
}

function malformed(signature: string, bytes: Uint8Array, little = true): void {
  assert.throws(() => decode(signature, bytes, little), (e) => isPlicoError(e, "input.malformed"));
}

const SAMPLE_SIGNATURE = "ybnqiuxtdsogva{sv}(oayays)aay";
const SAMPLE: DBusValue[] = [
  255,
  true,
  -2,
  65535,
  -7,
  4000000000,
  -(2n ** 62n),
  2n ** 64n - 1n,
  1.5,
  "grüße",
  "/org/freedesktop/secrets/collection/login",
  "a{ss}",
  new Variant("av", [new Variant("s", "inner"), new Variant("ay", new Uint8Array([1, 2]))]),
  [["Label", new Variant("s", "x")], ["Locked", new Variant("b", false)]],
  ["/s", new Uint8Array(16).fill(9), new Uint8Array(48), "application/octet-stream"],
  [new Uint8Array(0), new Uint8Array([0])],
];

Deno.test("WireWriter and WireReader round-trip every supported type", () => {
  const bytes = encode(SAMPLE_SIGNATURE, SAMPLE);
  assert.deepEqual(decode(SAMPLE_SIGNATURE, bytes), SAMPLE);
  assert.deepEqual(encode(SAMPLE_SIGNATURE, decode(SAMPLE_SIGNATURE, bytes)), bytes);
});

Deno.test("WireWriter lays out the spec's example: a(yv) with padding and lengths", () => {
  // One header-field-like struct after a leading byte: length 16 excludes the padding after it.
  const bytes = encode("ya(yv)", [7, [[1, new Variant("o", "/a")]]]);
  assert.deepEqual(
    [...bytes],
    [7, 0, 0, 0, 11, 0, 0, 0, 1, 1, 0x6f, 0, 2, 0, 0, 0, 0x2f, 0x61, 0],
  );
});

Deno.test("WireReader reads big-endian values", () => {
  const bytes = new Uint8Array([0, 0, 0, 3, 0x61, 0x62, 0x63, 0, 0, 0, 0, 1]);
  assert.deepEqual(decode("sb", bytes, false), ["abc", true]);
});

Deno.test("WireReader refuses every truncation of a valid encoding without hanging", () => {
  const bytes = encode(SAMPLE_SIGNATURE, SAMPLE);
  for (let n = 0; n < bytes.length; n++) malformed(SAMPLE_SIGNATURE, bytes.subarray(0, n));
});

Deno.test("WireReader refuses trailing bytes, bad padding, bad booleans and bad strings", () => {
  malformed("y", new Uint8Array([1, 2]));
  malformed("yu", new Uint8Array([1, 9, 0, 0, 5, 0, 0, 0])); // non-zero padding
  malformed("b", new Uint8Array([2, 0, 0, 0]));
  malformed("s", new Uint8Array([1, 0, 0, 0, 0x61, 0x62])); // no NUL terminator
  malformed("s", new Uint8Array([2, 0, 0, 0, 0x61, 0, 0])); // NUL inside
  malformed("s", new Uint8Array([1, 0, 0, 0, 0xff, 0])); // not UTF-8
  malformed("o", encode("s", ["not/a/path"]));
  malformed("o", encode("s", ["/trailing/"]));
  malformed("g", new Uint8Array([1, 0x68, 0])); // "h" is not supported
  malformed("v", new Uint8Array([2, 0x73, 0x73, 0])); // a variant holds one type
});

Deno.test("WireReader refuses array lengths past the end or beyond 64 MiB before allocating", () => {
  malformed("ay", new Uint8Array([0xff, 0xff, 0xff, 0x00, 1, 2, 3]));
  malformed("ay", new Uint8Array([0x00, 0x00, 0x00, 0x05, 1]));
  malformed("ay", new Uint8Array([0, 0, 0, 0x10, 1]), false);
  // An array whose last element runs past the declared array length.
  malformed("as", new Uint8Array([4, 0, 0, 0, 1, 0, 0, 0, 0x61, 0]));
});

Deno.test("WireReader refuses variants nested deeper than 64 without exhausting the stack", () => {
  // 100 000 nested variants of signature "v" would overflow a naive recursive reader.
  const depth = 100_000;
  const bytes = new Uint8Array(depth * 3 + 1);
  for (let i = 0; i < depth; i++) bytes.set([1, 0x76, 0], i * 3);
  malformed("v", bytes);
  let ok: DBusValue = 1;
  for (let i = 0; i < 60; i++) ok = new Variant(i === 0 ? "y" : "v", ok);
  const shallow = encode("v", [ok]);
  assert.deepEqual(decode("v", shallow), [ok]);
});

Deno.test("WireReader decodes random mutations to a value or a typed error, never anything else", () => {
  const valid = encode(SAMPLE_SIGNATURE, SAMPLE);
  const random = crypto.getRandomValues(new Uint32Array(3 * 2000));
  for (let i = 0; i < 2000; i++) {
    const bytes = valid.slice();
    for (let k = 0; k < 3; k++) {
      bytes[random[i * 3 + k]! % bytes.length] = random[i * 3 + k]! >>> 24;
    }
    try {
      decode(SAMPLE_SIGNATURE, bytes);
    } catch (e) {
      assert.ok(isPlicoError(e, "input.malformed"), String(e));
    }
  }
});

Deno.test("WireWriter refuses values that do not match the signature, and oversize output", () => {
  const internal = (f: () => void) => assert.throws(f, (e) => isPlicoError(e, "internal"));
  internal(() => encode("y", [256]));
  internal(() => encode("s", ["a\0b"]));
  internal(() => encode("o", ["relative"]));
  internal(() => encode("ay", [[1, 2]]));
  internal(() => encode("v", ["no variant"]));
  internal(() => encode("ss", ["one"]));
  const small = new WireWriter(64);
  assert.throws(
    () => small.writeAll("ay", [new Uint8Array(61)]),
    (e) => isPlicoError(e, "input.too_large"),
  );
});

Deno.test("WireWriter keeps earlier bytes when it grows and wipes on request", () => {
  const w = new WireWriter();
  const big = new Uint8Array(10_000).map((_, i) => i & 0xff);
  w.writeAll("yay", [5, big]);
  const bytes = w.bytes();
  assert.equal(bytes[0], 5);
  assert.deepEqual(bytes.subarray(8), big);
  w.wipe();
  assert.equal(w.length, 0);
});
