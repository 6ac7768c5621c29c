/**
 * The one cursor every parser reads fixed-width fields with: big-endian `u8`/`u16`/`u32`/`u64`
 * (PROTOCOL §1), `take` for byte fields, `at` to jump to a fixed offset, and `end()` that
 * refuses trailing bytes. Every read is bounds-checked, so a parser cannot run past its input
 * even where it forgot a length check; a `u64` above 2^53 − 1 is refused rather than rounded.
 *
 * Failures go through `fail(part, why)`: `malformed` (`input.malformed`) by default; stored
 * records pass their own (`profile.corrupt`).
 *
 * @module
 */

import { malformed, type PlicoError } from "./errors.ts";

/** Builds the error of a failed read: what was being read, and what is wrong. */
export type ReadFailure = (part: string, why: string) => PlicoError;

/** A forward cursor over `bytes`, named `part` in its errors. */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #part: string;
  readonly #fail: ReadFailure;
  #at = 0;

  constructor(bytes: Uint8Array, part: string, fail: ReadFailure = malformed) {
    this.#bytes = bytes;
    this.#part = part;
    this.#fail = fail;
  }

  /** Bytes read so far. */
  get offset(): number {
    return this.#at;
  }

  /** Bytes left. */
  get remaining(): number {
    return this.#bytes.length - this.#at;
  }

  /** Moves to `offset` from the start (a field at a fixed place in a fixed-size record). */
  at(offset: number): this {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > this.#bytes.length) {
      throw this.#fail(this.#part, "truncated");
    }
    this.#at = offset;
    return this;
  }

  #advance(length: number): number {
    if (length > this.remaining) throw this.#fail(this.#part, "truncated");
    const start = this.#at;
    this.#at += length;
    return start;
  }

  u8(): number {
    return this.#bytes[this.#advance(1)]!;
  }

  u16(): number {
    const i = this.#advance(2);
    return this.#bytes[i]! << 8 | this.#bytes[i + 1]!;
  }

  u32(): number {
    const i = this.#advance(4);
    const b = this.#bytes;
    return (b[i]! * 2 ** 24) + (b[i + 1]! << 16 | b[i + 2]! << 8 | b[i + 3]!);
  }

  /** A u64 that must be a safe integer; `what` names it in the error. */
  u64(what = "a 64-bit value"): number {
    const high = this.u32();
    const low = this.u32();
    if (high >= 2 ** 21) throw this.#fail(this.#part, `${what} is out of range`);
    return high * 2 ** 32 + low;
  }

  /** A copy of the next `length` bytes, so parsed values never alias the input. */
  take(length: number): Uint8Array {
    const start = this.#advance(length);
    return this.#bytes.slice(start, start + length);
  }

  /** Refuses bytes left over: a record ends exactly where its last field does. */
  end(): void {
    if (this.remaining !== 0) throw this.#fail(this.#part, `${this.remaining} trailing bytes`);
  }
}
