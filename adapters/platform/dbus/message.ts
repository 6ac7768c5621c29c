/**
 * D-Bus messages (D-Bus specification, "Message Format"): encoding of method calls and
 * framing and decoding of whatever the bus sends back. Decoding is strict: the fixed header,
 * the header fields Plico relies on and the body must all match, and no message larger than
 * `DBUS_MAX_MESSAGE_BYTES` is accepted.
 *
 * @module
 */

import { malformed, PlicoError } from "../../../domain/errors.ts";
import { concat } from "../../../domain/bytes.ts";
import { DBUS_MAX_MESSAGE_BYTES } from "../../../domain/limits.ts";
import { type DBusValue, Variant } from "./dbus_value.ts";
import { parseSingleType } from "./signature.ts";
import { WireReader } from "./wire_reader.ts";
import { WireWriter } from "./wire_writer.ts";

/** Size of the fixed part of the header, up to and including the header-field array length. */
export const FIXED_HEADER_BYTES = 16;

/** Message types (the second header byte). */
export const MessageType = { call: 1, return: 2, error: 3, signal: 4 } as const;
/** Header flags. */
export const MessageFlag = { noReplyExpected: 0x1, noAutoStart: 0x2 } as const;

/** A decoded message; absent header fields are `undefined`. */
export interface DBusMessage {
  readonly type: number;
  readonly flags: number;
  readonly serial: number;
  readonly path?: string;
  readonly interface?: string;
  readonly member?: string;
  readonly errorName?: string;
  readonly replySerial?: number;
  readonly destination?: string;
  readonly sender?: string;
  readonly signature: string;
  readonly body: DBusValue[];
}

/** What a method call needs. */
export interface MethodCall {
  readonly destination: string;
  readonly path: string;
  readonly interface: string;
  readonly member: string;
  readonly signature?: string;
  readonly body?: readonly DBusValue[];
  readonly flags?: number;
}

// Header field codes and the one type each must have.
const FIELD_TYPES: Record<number, string> = {
  1: "o", // PATH
  2: "s", // INTERFACE
  3: "s", // MEMBER
  4: "s", // ERROR_NAME
  5: "u", // REPLY_SERIAL
  6: "s", // DESTINATION
  7: "s", // SENDER
  8: "g", // SIGNATURE
  9: "u", // UNIX_FDS
};

const HEADER_FIELDS_TYPE = parseSingleType("a(yv)");

/**
 * Encodes a method call with the given serial. The result may contain a secret: the caller
 * wipes it once written.
 */
export function encodeMethodCall(serial: number, call: MethodCall): Uint8Array {
  const signature = call.signature ?? "";
  const body = new WireWriter();
  const header = new WireWriter();
  try {
    body.writeAll(signature, call.body ?? []);
    const fields: DBusValue[] = [
      [1, new Variant("o", call.path)],
      [2, new Variant("s", call.interface)],
      [3, new Variant("s", call.member)],
      [6, new Variant("s", call.destination)],
    ];
    if (signature !== "") fields.push([8, new Variant("g", signature)]);
    header.raw(new Uint8Array([0x6c, MessageType.call, call.flags ?? 0, 1]));
    header.u32(body.length);
    header.u32(serial);
    header.writeAll("a(yv)", [fields]);
    header.align(8);
    const out = concat(header.bytes(), body.bytes());
    if (out.length > DBUS_MAX_MESSAGE_BYTES) {
      throw new PlicoError("input.too_large", "D-Bus message too large");
    }
    return out;
  } finally {
    body.wipe();
    header.wipe();
  }
}

/**
 * Total length of the message whose first 16 bytes are given; refuses a bad fixed header or a
 * message larger than `maxBytes` before any of it is buffered.
 */
export function frameLength(fixed: Uint8Array, maxBytes = DBUS_MAX_MESSAGE_BYTES): number {
  if (fixed.length < FIXED_HEADER_BYTES) throw malformed("D-Bus message", "short fixed header");
  const little = endianness(fixed[0]!);
  if (fixed[3] !== 1) throw malformed("D-Bus message", "unsupported protocol version");
  const view = new DataView(fixed.buffer, fixed.byteOffset, FIXED_HEADER_BYTES);
  const bodyLength = view.getUint32(4, little);
  const fieldsLength = view.getUint32(12, little);
  if (fieldsLength > maxBytes || bodyLength > maxBytes) {
    throw new PlicoError("input.too_large", `D-Bus message larger than ${maxBytes} bytes`);
  }
  const total = align8(FIXED_HEADER_BYTES + fieldsLength) + bodyLength;
  if (total > maxBytes) {
    throw new PlicoError("input.too_large", `D-Bus message larger than ${maxBytes} bytes`);
  }
  return total;
}

/** Decodes one complete message (exactly `frameLength` bytes). */
export function decodeMessage(frame: Uint8Array): DBusMessage {
  const total = frameLength(frame);
  if (frame.length !== total) throw malformed("D-Bus message", "frame length mismatch");
  const little = endianness(frame[0]!);
  const type = frame[1]!;
  if (type < 1 || type > 4) throw malformed("D-Bus message", "unknown message type");
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const bodyLength = view.getUint32(4, little);
  const serial = view.getUint32(8, little);
  if (serial === 0) throw malformed("D-Bus message", "serial 0");

  const bodyStart = total - bodyLength;
  const header = new WireReader(frame, little, 12, bodyStart);
  const fieldList = header.read(HEADER_FIELDS_TYPE, 0) as DBusValue[];
  header.align(8); // the body starts 8-aligned; the padding before it must be zero
  if (!header.done) {
    throw malformed("D-Bus message", "header fields do not end where the body starts");
  }
  const fields = new Map<number, DBusValue>();
  for (const entry of fieldList) {
    const [code, variant] = entry as [number, Variant];
    const expected = FIELD_TYPES[code];
    if (expected === undefined) continue; // the spec says unknown fields must be ignored
    if (variant.signature !== expected) {
      throw malformed("D-Bus message", `header field ${code} has wrong type`);
    }
    if (fields.has(code)) throw malformed("D-Bus message", `header field ${code} repeated`);
    fields.set(code, variant.value);
  }
  if (((fields.get(9) as number | undefined) ?? 0) !== 0) {
    throw malformed("D-Bus message", "carries file descriptors, which were never negotiated");
  }
  const signature = (fields.get(8) as string | undefined) ?? "";
  const message: DBusMessage = {
    type,
    flags: frame[2]!,
    serial,
    path: fields.get(1) as string | undefined,
    interface: fields.get(2) as string | undefined,
    member: fields.get(3) as string | undefined,
    errorName: fields.get(4) as string | undefined,
    replySerial: fields.get(5) as number | undefined,
    destination: fields.get(6) as string | undefined,
    sender: fields.get(7) as string | undefined,
    signature,
    body: new WireReader(frame, little, bodyStart, total).readAll(signature),
  };
  requireFields(message);
  return message;
}

function requireFields(m: DBusMessage): void {
  const missing = (what: string) => malformed("D-Bus message", `missing ${what}`);
  if (m.type === MessageType.call && (m.path === undefined || m.member === undefined)) {
    throw missing("path or member in a method call");
  }
  if (m.type === MessageType.signal && (!m.path || !m.interface || !m.member)) {
    throw missing("path, interface or member in a signal");
  }
  if (m.type === MessageType.return && m.replySerial === undefined) {
    throw missing("reply serial in a method return");
  }
  if (m.type === MessageType.error && (m.replySerial === undefined || !m.errorName)) {
    throw missing("reply serial or error name in an error");
  }
}

function endianness(marker: number): boolean {
  if (marker === 0x6c) return true; // 'l'
  if (marker === 0x42) return false; // 'B'
  throw malformed("D-Bus message", "bad endianness marker");
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
