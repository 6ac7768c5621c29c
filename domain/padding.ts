/**
 * Padmé length padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
 * Communication with PURBs", PoPETs 2019, §4): a length `L` is rounded up so that its lowest
 * `E − S` bits are zero, where `E = ⌊log2 L⌋` and `S = ⌊log2 E⌋ + 1`. At most O(log log L) bits
 * of the length leak and the overhead stays below 12 % (PROTOCOL-envelope §11).
 *
 * @module
 */

/** `⌊log2 n⌋` for a safe integer `n ≥ 1`, exact (no floating-point logarithm). */
function floorLog2(n: number): number {
  let e = 0;
  let power = 2;
  while (power <= n) {
    power *= 2;
    e++;
  }
  return e;
}

/**
 * The Padmé length of `length` (a safe non-negative integer): the smallest length ≥ `length`
 * whose low `E − S` bits are zero. Lengths 0 and 1 are returned unchanged.
 */
export function padme(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`padme: not a safe non-negative integer: ${length}`);
  }
  if (length < 2) return length;
  const e = floorLog2(length);
  const s = floorLog2(e) + 1;
  const step = 2 ** (e - s);
  // Powers of two divide safe integers exactly, so this rounding has no floating-point error.
  const padded = Math.ceil(length / step) * step;
  if (!Number.isSafeInteger(padded)) throw new RangeError("padme: result is not a safe integer");
  return padded;
}

/**
 * ε of the random extra padding: the extra is uniform in `[0, ⌊padme(L) / 16⌋]` bytes
 * (PROTOCOL-envelope §11). Padmé alone puts lengths on a sparse lattice that marks a file as
 * an envelope; the extra spreads them over every integer, for at most 1/16 more bytes.
 */
export const EXTRA_PADDING_DIVISOR = 16;
/** Random bytes drawn for one extra-padding amount (a u64, reduced mod the range). */
export const EXTRA_PADDING_RANDOM_BYTES = 8;

/** The largest extra padding for a package whose Padmé length is `padded`. */
export function maxExtraPadding(padded: number): number {
  if (!Number.isSafeInteger(padded) || padded < 0) {
    throw new RangeError(`maxExtraPadding: not a safe non-negative integer: ${padded}`);
  }
  return Math.floor(padded / EXTRA_PADDING_DIVISOR);
}

/**
 * The extra padding for Padmé length `padded` from 8 random bytes `r`:
 * `u64be(r) mod (maxExtraPadding(padded) + 1)`. The modulo bias is below
 * `(max + 1) / 2^64 < 2^-30` for any package Plico can make.
 */
export function extraPadding(padded: number, r: Uint8Array): number {
  if (r.length !== EXTRA_PADDING_RANDOM_BYTES) {
    throw new RangeError("extraPadding: needs exactly 8 random bytes");
  }
  let value = 0n;
  for (const b of r) value = (value << 8n) | BigInt(b);
  return Number(value % BigInt(maxExtraPadding(padded) + 1));
}
