/**
 * Adler-32 (RFC 1950 §8.2), the checksum ending a zlib stream. Plico checks it itself because
 * the runtime's DecompressionStream accepts a stream cut short inside its trailer.
 *
 * @module
 */

const MOD = 65521;
/** Bytes summed between reductions modulo 65521; zlib's NMAX, which keeps `b` below 2^32. */
const NMAX = 5552;

/** Adler-32 of `data`, as an unsigned 32-bit integer. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let start = 0; start < data.length; start += NMAX) {
    const end = Math.min(start + NMAX, data.length);
    for (let i = start; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
