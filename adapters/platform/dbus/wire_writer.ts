/**
 * Marshalling of D-Bus values (D-Bus specification, "Marshaling (Wire Format)"), always in
 * little-endian order. The writer refuses to grow past its size limit, and wipes every buffer
 * it drops while growing, because a message may carry a secret.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";
import { utf8 } from "../../../domain/bytes.ts";
import { DBUS_MAX_DEPTH, DBUS_MAX_MESSAGE_BYTES } from "../../../domain/limits.ts";
import { type DBusValue, isObjectPath, Variant } from "./dbus_value.ts";
import {
  alignmentOf,
  type DBusType,
  MAX_SIGNATURE_BYTES,
  parseSignature,
  parseSingleType,
} from "./signature.ts";

/** D-Bus spec: the largest array, in bytes. */
const MAX_ARRAY_BYTES = 1 << 26;

function mismatch(what: string): PlicoError {
  // The values written are built by Plico itself: a mismatch is a bug, not bad input.
  return new PlicoError("internal", `D-Bus writer: ${what}`);
}

/** Appends marshalled values to a growing, size-limited buffer. */
export class WireWriter {
  #buf = new Uint8Array(256);
  #length = 0;
  readonly #max: number;

  /** `maxBytes` bounds the whole output. */
  constructor(maxBytes: number = DBUS_MAX_MESSAGE_BYTES) {
    this.#max = maxBytes;
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** A copy of the bytes written so far. */
  bytes(): Uint8Array {
    return this.#buf.slice(0, this.#length);
  }

  /** Overwrites the internal buffer with zeros (call when a secret was written). */
  wipe(): void {
    this.#buf.fill(0);
    this.#length = 0;
  }

  #reserve(n: number): number {
    const at = this.#length;
    if (at + n > this.#max) {
      throw new PlicoError("input.too_large", `D-Bus message would exceed ${this.#max} bytes`);
    }
    if (at + n > this.#buf.length) {
      const bigger = new Uint8Array(Math.min(this.#max, Math.max(at + n, this.#buf.length * 2)));
      bigger.set(this.#buf.subarray(0, at));
      this.#buf.fill(0);
      this.#buf = bigger;
    }
    this.#length = at + n;
    return at;
  }

  /** Pads with zero bytes up to a multiple of `n`. */
  align(n: number): void {
    const pad = (n - (this.#length % n)) % n;
    this.#reserve(pad); // a fresh region is already zero
  }

  /** Writes one byte. */
  byte(value: number): void {
    const at = this.#reserve(1); // reserve first: it may replace the buffer
    this.#buf[at] = value;
  }

  /** Writes an aligned unsigned 32-bit integer. */
  u32(value: number): void {
    this.align(4);
    const at = this.#reserve(4);
    new DataView(this.#buf.buffer).setUint32(at, value, true);
  }

  /** Overwrites a u32 written earlier (array lengths are known only afterwards). */
  patchU32(at: number, value: number): void {
    new DataView(this.#buf.buffer).setUint32(at, value, true);
  }

  /** Writes raw bytes. */
  raw(bytes: Uint8Array): void {
    const at = this.#reserve(bytes.length);
    this.#buf.set(bytes, at);
  }

  /** Writes every value of a body signature, in order. */
  writeAll(signature: string, values: readonly DBusValue[]): void {
    const types = parseSignature(signature);
    if (types.length !== values.length) mismatchCount(signature, values.length);
    types.forEach((t, i) => this.write(t, values[i]!, 0));
  }

  /** Writes one value of the given type. */
  write(type: DBusType, value: DBusValue, depth: number): void {
    if (depth > DBUS_MAX_DEPTH) throw mismatch("nesting too deep");
    this.align(alignmentOf(type));
    switch (type.kind) {
      case "basic":
        return this.#basic(type.code, value);
      case "variant": {
        if (!(value instanceof Variant)) throw mismatch("variant expected");
        this.#signature(value.signature);
        return this.write(parseSingleType(value.signature), value.value, depth + 1);
      }
      case "array":
        return this.#array(type.element, value, depth);
      case "dict":
      case "struct": {
        const fields = type.kind === "dict" ? [type.key, type.value] : type.fields;
        if (!Array.isArray(value) || value.length !== fields.length) {
          throw mismatch(`${fields.length} fields expected`);
        }
        fields.forEach((f, i) => this.write(f, value[i]!, depth + 1));
        return;
      }
    }
  }

  #array(element: DBusType, value: DBusValue, depth: number): void {
    const lengthAt = this.#length;
    this.u32(0);
    this.align(alignmentOf(element)); // padding after the length is not counted in it
    const start = this.#length;
    if (element.kind === "basic" && element.code === "y") {
      if (!(value instanceof Uint8Array)) throw mismatch("Uint8Array expected for ay");
      this.raw(value);
    } else {
      if (!Array.isArray(value)) throw mismatch("array expected");
      for (const item of value) this.write(element, item, depth + 1);
    }
    const size = this.#length - start;
    if (size > MAX_ARRAY_BYTES) throw new PlicoError("input.too_large", "D-Bus array too large");
    this.patchU32(lengthAt, size);
  }

  #signature(signature: string): void {
    if (signature.length > MAX_SIGNATURE_BYTES || !/^[\x21-\x7e]*$/.test(signature)) {
      throw mismatch("bad signature");
    }
    parseSignature(signature);
    this.byte(signature.length);
    this.raw(utf8(signature));
    this.byte(0);
  }

  #basic(code: string, value: DBusValue): void {
    const view = () => new DataView(this.#buf.buffer);
    switch (code) {
      case "y":
        if (!isUint(value, 0xff)) throw mismatch("byte expected");
        return this.byte(value as number);
      case "b":
        if (typeof value !== "boolean") throw mismatch("boolean expected");
        return this.u32(value ? 1 : 0);
      case "n":
      case "q": {
        const ok = code === "q" ? isUint(value, 0xffff) : isInt(value, -0x8000, 0x7fff);
        if (!ok) throw mismatch("16-bit integer expected");
        const at = this.#reserve(2);
        return code === "q"
          ? view().setUint16(at, value as number, true)
          : view().setInt16(at, value as number, true);
      }
      case "i":
        if (!isInt(value, -0x80000000, 0x7fffffff)) throw mismatch("int32 expected");
        {
          const at = this.#reserve(4); // reserve first: it may replace the buffer
          return view().setInt32(at, value as number, true);
        }
      case "u":
        if (!isUint(value, 0xffffffff)) throw mismatch("uint32 expected");
        return this.u32(value as number);
      case "x":
      case "t": {
        if (typeof value !== "bigint") throw mismatch("bigint expected");
        const at = this.#reserve(8);
        if (code === "t") {
          if (value < 0n || value >= 1n << 64n) throw mismatch("uint64 out of range");
          return view().setBigUint64(at, value, true);
        }
        if (value < -(1n << 63n) || value >= 1n << 63n) throw mismatch("int64 out of range");
        return view().setBigInt64(at, value, true);
      }
      case "d":
        if (typeof value !== "number") throw mismatch("number expected");
        {
          const at = this.#reserve(8);
          return view().setFloat64(at, value, true);
        }
      case "g":
        if (typeof value !== "string") throw mismatch("signature expected");
        return this.#signature(value);
      default: {
        // s and o
        if (typeof value !== "string" || !value.isWellFormed() || value.includes("\0")) {
          throw mismatch("string expected");
        }
        if (code === "o" && !isObjectPath(value)) throw mismatch("object path expected");
        const bytes = utf8(value);
        this.u32(bytes.length);
        this.raw(bytes);
        return this.byte(0);
      }
    }
  }
}

function mismatchCount(signature: string, count: number): never {
  throw mismatch(`signature ${signature} does not describe ${count} values`);
}

function isUint(v: DBusValue, max: number): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max;
}

function isInt(v: DBusValue, min: number, max: number): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}
