/**
 * A keyed permutation of [0, size) that needs memory proportional to sqrt(size), not size
 * (PROTOCOL-carrier §3). It is an 8-round unbalanced Feistel network over n-bit integers, 2^n ≥
 * size, whose round functions are lookup tables filled from a ChaCha20 keystream; values that land
 * outside [0, size) are enciphered again ("cycle walking") until they fall inside, which keeps
 * it a bijection of [0, size).
 *
 * Its job is to spread the payload over the image in a key-dependent order. It is not what
 * keeps the payload secret: the envelope is already ciphertext and the header is sealed.
 *
 * @module
 */

import { PlicoError } from "../errors.ts";
import type { CryptoPort } from "../ports.ts";

/** Number of Feistel rounds (even, so the halves end where they started; unrolled below). */
const FEISTEL_ROUNDS = 8;
/** Largest domain supported, in elements: n ≤ 30 keeps every value a small positive int. */
const PERMUTATION_MAX_SIZE = 2 ** 30;

/**
 * ChaCha20 keystream (RFC 8439 block counter from 1, all-zero 12-byte nonce) of `length` bytes,
 * obtained as the ciphertext of zero bytes under the AEAD of the crypto port (its tag is cut).
 * Each key given here is a dedicated HKDF sub-key, so the fixed nonce is never reused with it
 * for anything else.
 */
export function chachaKeystream(crypto: CryptoPort, key: Uint8Array, length: number): Uint8Array {
  const sealed = crypto.chachaSeal(
    key,
    new Uint8Array(12),
    new Uint8Array(length),
    new Uint8Array(0),
  );
  return sealed.subarray(0, length);
}

/** A keyed bijection of [0, size). Construct once per image; evaluation is cheap. */
export class KeyedPermutation {
  /** Domain size. */
  readonly size: number;
  readonly #lowBits: number;
  readonly #maskHigh: number;
  readonly #maskLow: number;
  /** All round tables back to back; round r starts at `#offsets[r]`. */
  readonly #table: Uint16Array;
  readonly #offsets: Int32Array;

  constructor(crypto: CryptoPort, key: Uint8Array, size: number) {
    if (!Number.isSafeInteger(size) || size < 1 || size > PERMUTATION_MAX_SIZE) {
      throw new PlicoError("internal", "permutation size out of range");
    }
    // n bits with 2^n ≥ size, at least 2 so both halves have a bit.
    let n = 2;
    while (2 ** n < size) n++;
    const highBits = n >> 1;
    const lowBits = n - highBits;
    this.size = size;
    this.#lowBits = lowBits;
    this.#maskHigh = (1 << highBits) - 1;
    this.#maskLow = (1 << lowBits) - 1;

    // Even rounds are indexed by the low half, odd rounds by the high half.
    this.#offsets = new Int32Array(FEISTEL_ROUNDS);
    let entries = 0;
    for (let r = 0; r < FEISTEL_ROUNDS; r++) {
      this.#offsets[r] = entries;
      entries += 1 << (r % 2 === 0 ? lowBits : highBits);
    }
    const stream = chachaKeystream(crypto, key, 2 * entries);
    this.#table = new Uint16Array(entries);
    // Little-endian 16-bit entries, in keystream order (PROTOCOL-carrier §3). Each is stored
    // already reduced to the width of the half it is XORed into, which spares the hot loop a mask.
    for (let r = 0; r < FEISTEL_ROUNDS; r++) {
      const mask = r % 2 === 0 ? this.#maskHigh : this.#maskLow;
      const end = r + 1 < FEISTEL_ROUNDS ? this.#offsets[r + 1]! : entries;
      for (let j = this.#offsets[r]!; j < end; j++) {
        this.#table[j] = (stream[2 * j]! | (stream[2 * j + 1]! << 8)) & mask;
      }
    }
    stream.fill(0);
  }

  /** The image of `index` ∈ [0, size). */
  at(index: number): number {
    const out = new Uint32Array(1);
    this.mapRange(index, out);
    return out[0]!;
  }

  /**
   * Writes the images of `start`, `start + 1`, … into `out`: the fast path. All values are
   * enciphered together, then those that landed outside [0, size) again, and so on, so that the
   * hot loop has no data-dependent branch and the CPU can overlap the table lookups of
   * different values.
   */
  mapRange(start: number, out: Uint32Array): void {
    const size = this.size;
    if (!(Number.isSafeInteger(start) && start >= 0 && start + out.length <= size)) {
      throw new PlicoError("internal", "permutation index out of range");
    }
    const table = this.#table;
    const offsets = this.#offsets;
    const o0 = offsets[0]!, o1 = offsets[1]!, o2 = offsets[2]!, o3 = offsets[3]!;
    const o4 = offsets[4]!, o5 = offsets[5]!, o6 = offsets[6]!, o7 = offsets[7]!;
    const lowBits = this.#lowBits;
    const maskHigh = this.#maskHigh;
    const maskLow = this.#maskLow;
    // Indices into `out` whose value still has to be enciphered (again).
    const pending = new Int32Array(out.length);
    for (let k = 0; k < out.length; k++) {
      out[k] = start + k;
      pending[k] = k;
    }
    let count = out.length;
    // Cycle walking ends within 2^n passes because each start lies on a cycle of the n-bit
    // permutation that contains at least one element (itself) below `size`.
    const maxPasses = (maskHigh + 1) * (maskLow + 1);
    for (let pass = 0; count > 0; pass++) {
      if (pass === maxPasses) throw new PlicoError("internal", "cycle walking did not end");
      for (let i = 0; i < count; i++) {
        const k = pending[i]!;
        const x = out[k]!;
        // The eight rounds, unrolled. Even rounds: the low half keys the table and the new
        // low half has the high half's width; odd rounds swap the widths back.
        let a = x >>> lowBits;
        let b = x & maskLow;
        a ^= table[o0 + b]!;
        b ^= table[o1 + a]!;
        a ^= table[o2 + b]!;
        b ^= table[o3 + a]!;
        a ^= table[o4 + b]!;
        b ^= table[o5 + a]!;
        a ^= table[o6 + b]!;
        b ^= table[o7 + a]!;
        out[k] = (a << lowBits) | b;
      }
      let kept = 0;
      for (let i = 0; i < count; i++) {
        const k = pending[i]!;
        pending[kept] = k;
        kept += +(out[k]! >= size);
      }
      count = kept;
    }
  }
}
