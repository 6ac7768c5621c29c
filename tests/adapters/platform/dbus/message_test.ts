import assert from "node:assert/strict";
import { isPlicoError } from "../../../../domain/errors.ts";
import { Variant } from "../../../../adapters/platform/dbus/dbus_value.ts";
import {
  decodeMessage,
  encodeMethodCall,
  frameLength,
  MessageType,
} from "../../../../adapters/platform/dbus/message.ts";
import { WireWriter } from "../../../../adapters/platform/dbus/wire_writer.ts";

/** Builds any message the way a peer could, for decoder tests. */
function rawMessage(
  type: number,
  fields: [number, Variant][],
  signature = "",
  body: unknown[] = [],
  serial = 9,
): Uint8Array {
  const b = new WireWriter();
  b.writeAll(signature, body as never[]);
  const h = new WireWriter();
  h.raw(new Uint8Array([0x6c, type, 0, 1]));
  h.u32(b.length);
  h.u32(serial);
  const all = signature === "" ? fields : [...fields, [8, new Variant("g", signature)]];
  h.writeAll("a(yv)", [all]);
  h.align(8);
  const out = new Uint8Array(h.length + b.length);
  out.set(h.bytes());
  out.set(b.bytes(), h.length);
  return out;
}

Deno.test("encodeMethodCall() output decodes to the same call", () => {
  const bytes = encodeMethodCall(42, {
    destination: "org.freedesktop.secrets",
    path: "/org/freedesktop/secrets",
    interface: "org.freedesktop.Secret.Service",
    member: "OpenSession",
    signature: "sv",
    body: ["plain", new Variant("s", "")],
    flags: 2,
  });
  assert.equal(frameLength(bytes.subarray(0, 16)), bytes.length);
  const m = decodeMessage(bytes);
  assert.equal(m.type, MessageType.call);
  assert.equal(m.flags, 2);
  assert.equal(m.serial, 42);
  assert.equal(m.destination, "org.freedesktop.secrets");
  assert.equal(m.member, "OpenSession");
  assert.equal(m.signature, "sv");
  assert.deepEqual(m.body, ["plain", new Variant("s", "")]);
});

Deno.test("decodeMessage() reads replies and errors and ignores unknown header fields", () => {
  const reply = decodeMessage(
    rawMessage(2, [[5, new Variant("u", 3)], [200, new Variant("s", "?")]], "b", [true]),
  );
  assert.equal(reply.replySerial, 3);
  assert.deepEqual(reply.body, [true]);
  const error = decodeMessage(
    rawMessage(3, [[5, new Variant("u", 4)], [4, new Variant("s", "org.x.Error.Y")]], "s", [
      "text",
    ]),
  );
  assert.equal(error.errorName, "org.x.Error.Y");
});

Deno.test("frameLength() refuses an oversized message from its first 16 bytes", () => {
  const header = new Uint8Array([0x6c, 2, 0, 1, 0, 0, 0, 0x40, 1, 0, 0, 0, 0, 0, 0, 0]); // 1 GiB body
  assert.throws(() => frameLength(header), (e) => isPlicoError(e, "input.too_large"));
  const fields = new Uint8Array([0x6c, 2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  assert.throws(() => frameLength(fields), (e) => isPlicoError(e, "input.too_large"));
  const bad = (bytes: number[]) =>
    assert.throws(
      () => frameLength(new Uint8Array(bytes)),
      (e) => isPlicoError(e, "input.malformed"),
    );
  bad([0x78, 2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]); // endianness
  bad([0x6c, 2, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]); // version
  bad([0x6c, 2, 0, 1]); // short
});

Deno.test("decodeMessage() refuses messages missing what their type requires", () => {
  const refuse = (bytes: Uint8Array) =>
    assert.throws(() => decodeMessage(bytes), (e) => isPlicoError(e, "input.malformed"));
  refuse(rawMessage(2, [])); // reply without reply serial
  refuse(rawMessage(3, [[5, new Variant("u", 1)]])); // error without a name
  refuse(rawMessage(1, [[3, new Variant("s", "M")]])); // call without a path
  refuse(rawMessage(2, [[5, new Variant("u", 1)]], "", [], 0)); // serial 0
  refuse(rawMessage(7, [[5, new Variant("u", 1)]])); // unknown type
  refuse(rawMessage(2, [[5, new Variant("s", "1")]])); // field of the wrong type
  refuse(rawMessage(2, [[5, new Variant("u", 1)], [5, new Variant("u", 2)]])); // repeated field
  refuse(rawMessage(2, [[5, new Variant("u", 1)], [9, new Variant("u", 1)]])); // fds
  const withBody = rawMessage(2, [[5, new Variant("u", 1)]], "u", [5]);
  refuse(withBody.subarray(0, withBody.length - 1)); // frame shorter than announced
  // A body whose bytes do not match the announced signature: announce "y" over 4 bytes.
  const mismatch = rawMessage(2, [[5, new Variant("u", 1)]], "u", [5]);
  const patched = rawMessage(2, [[5, new Variant("u", 1)]], "y", [5]);
  assert.equal(patched.length + 3, mismatch.length);
  const lying = mismatch.slice();
  lying.set(patched.subarray(12, patched.length - 1), 12); // same fields, signature "y"
  refuse(lying);
});
