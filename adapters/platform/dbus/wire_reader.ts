/**
 * Unmarshalling of D-Bus values from an untrusted peer. Every length is checked against the
 * bytes that remain before anything is read, padding must be zero, booleans 0 or 1, strings
 * valid UTF-8 without NUL, and container nesting (variants included) is bounded, so a hostile
 * message is refused with `input.malformed` instead of hanging or exhausting memory.
 *
 * @module
 */

import { malformed } from "../../../domain/errors.ts";
import { fromUtf8 } from "../../../domain/bytes.ts";
import { DBUS_MAX_DEPTH } from "../../../domain/limits.ts";
import { type DBusValue, isObjectPath, Variant } from "./dbus_value.ts";
import { alignmentOf, type DBusType, parseSignature, parseSingleType } from "./signature.ts";

/** D-Bus spec: the largest array, in bytes. */
const MAX_ARRAY_BYTES = 1 << 26;

/**
 * Reads values from `bytes[start, end)`. Alignment is relative to index 0 of `bytes`, which
 * must be the start of the message (the body starts 8-aligned, so this is also right for it).
 */
export class WireReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #little: boolean;
  readonly #end: number;
  #pos: number;

  constructor(bytes: Uint8Array, littleEndian: boolean, start = 0, end = bytes.length) {
    if (start < 0 || end > bytes.length || start > end) {
      throw malformed("D-Bus message", "bad bounds");
    }
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#little = littleEndian;
    this.#pos = start;
    this.#end = end;
  }

  /** Current read position. */
  get position(): number {
    return this.#pos;
  }

  /** True when every byte up to the end has been read. */
  get done(): boolean {
    return this.#pos === this.#end;
  }

  #need(n: number): number {
    if (n > this.#end - this.#pos) throw malformed("D-Bus message", "truncated");
    const at = this.#pos;
    this.#pos += n;
    return at;
  }

  /** Skips padding up to a multiple of `n`; padding bytes must be zero. */
  align(n: number): void {
    const pad = (n - (this.#pos % n)) % n;
    const at = this.#need(pad);
    for (let i = at; i < at + pad; i++) {
      if (this.#bytes[i] !== 0) throw malformed("D-Bus message", "padding not 0");
    }
  }

  /** Reads one byte. */
  byte(): number {
    return this.#bytes[this.#need(1)]!;
  }

  /** Reads an aligned unsigned 32-bit integer. */
  u32(): number {
    this.align(4);
    return this.#view.getUint32(this.#need(4), this.#little);
  }

  /** Reads every value of a body signature and requires that nothing is left over. */
  readAll(signature: string): DBusValue[] {
    const values = parseSignature(signature).map((t) => this.read(t, 0));
    if (!this.done) throw malformed("D-Bus message", "trailing bytes after the body");
    return values;
  }

  /** Reads one value of the given type; `depth` counts the containers around it. */
  read(type: DBusType, depth: number): DBusValue {
    if (depth > DBUS_MAX_DEPTH) throw malformed("D-Bus message", "containers nested too deep");
    this.align(alignmentOf(type));
    switch (type.kind) {
      case "basic":
        return this.#basic(type.code);
      case "variant": {
        const signature = this.#signature();
        return new Variant(signature, this.read(parseSingleType(signature), depth + 1));
      }
      case "array":
        return this.#array(type.element, depth);
      case "dict":
        return [this.read(type.key, depth + 1), this.read(type.value, depth + 1)];
      case "struct":
        return type.fields.map((f) => this.read(f, depth + 1));
    }
  }

  #array(element: DBusType, depth: number): DBusValue {
    const size = this.u32();
    if (size > MAX_ARRAY_BYTES) throw malformed("D-Bus message", "array longer than 64 MiB");
    this.align(alignmentOf(element)); // padding is present even when the array is empty
    if (size > this.#end - this.#pos) throw malformed("D-Bus message", "array runs past the end");
    if (element.kind === "basic" && element.code === "y") {
      const at = this.#need(size);
      return this.#bytes.slice(at, at + size);
    }
    const stop = this.#pos + size;
    const items: DBusValue[] = [];
    // Every element consumes at least one byte, so this loop runs at most `size` times.
    while (this.#pos < stop) {
      items.push(this.read(element, depth + 1));
      if (this.#pos > stop) throw malformed("D-Bus message", "array element runs past the array");
    }
    return items;
  }

  #signature(): string {
    const length = this.byte();
    const at = this.#need(length + 1);
    if (this.#bytes[at + length] !== 0) {
      throw malformed("D-Bus message", "signature not NUL-terminated");
    }
    let text = "";
    for (let i = at; i < at + length; i++) {
      const c = this.#bytes[i]!;
      if (c < 0x21 || c > 0x7e) throw malformed("D-Bus message", "signature is not ASCII");
      text += String.fromCharCode(c);
    }
    return text;
  }

  #string(): string {
    const length = this.u32();
    if (length > this.#end - this.#pos - 1) {
      throw malformed("D-Bus message", "string runs past the end");
    }
    const at = this.#need(length + 1);
    if (this.#bytes[at + length] !== 0) {
      throw malformed("D-Bus message", "string not NUL-terminated");
    }
    const raw = this.#bytes.subarray(at, at + length);
    if (raw.includes(0)) throw malformed("D-Bus message", "string contains NUL");
    try {
      return fromUtf8(raw);
    } catch {
      throw malformed("D-Bus message", "string is not valid UTF-8");
    }
  }

  #basic(code: string): DBusValue {
    const v = this.#view;
    const le = this.#little;
    switch (code) {
      case "y":
        return this.byte();
      case "b": {
        const b = this.u32();
        if (b > 1) throw malformed("D-Bus message", "boolean not 0 or 1");
        return b === 1;
      }
      case "n":
        return v.getInt16(this.#need(2), le);
      case "q":
        return v.getUint16(this.#need(2), le);
      case "i":
        return v.getInt32(this.#need(4), le);
      case "u":
        return this.u32();
      case "x":
        return v.getBigInt64(this.#need(8), le);
      case "t":
        return v.getBigUint64(this.#need(8), le);
      case "d":
        return v.getFloat64(this.#need(8), le);
      case "g": {
        const s = this.#signature();
        parseSignature(s);
        return s;
      }
      case "o": {
        const s = this.#string();
        if (!isObjectPath(s)) throw malformed("D-Bus message", "invalid object path");
        return s;
      }
      default:
        return this.#string();
    }
  }
}
