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
