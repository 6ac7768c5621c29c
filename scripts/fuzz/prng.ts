/**
 * The fuzzer's deterministic random numbers: xoshiro128** seeded from a string. Every case draws
 * from its own stream named `seed/target/index`, so a run with the same seed makes the same
 * mutations, and one case can be regenerated without replaying the cases before it. Not for
 * keys: the real cryptographic randomness of the profiles still comes from the system.
 *
 * @module
 */

/** A stream of pseudorandom numbers. */
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  u32(): number;
  /** A uniform integer in `0 .. n - 1` (`n` ≥ 1). */
  below(n: number): number;
  /** An integer in `lo ..= hi`. */
  between(lo: number, hi: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `n` pseudorandom bytes. */
  bytes(n: number): Uint8Array;
}

/** 32-bit mixing of a string (murmur3's finaliser over an FNV-1a pass), for seeding only. */
function hashString(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The stream named by `name` (for example `"7/envelope_raw/123"`). */
export function createRng(name: string): Rng {
  const s: number[] = [0, 1, 2, 3].map((i) => hashString(name, i * 0x9e3779b9));
  if (!s.some((x) => x !== 0)) s[0] = 1; // the all-zero state is a fixed point
  const u32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2] = (s[2]! ^ s[0]!) >>> 0;
    s[3] = (s[3]! ^ s[1]!) >>> 0;
    s[1] = (s[1]! ^ s[2]!) >>> 0;
    s[0] = (s[0]! ^ s[3]!) >>> 0;
    s[2] = (s[2]! ^ t) >>> 0;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
  const below = (n: number): number => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`rng.below: bad bound ${n}`);
    // Two draws give 53 bits, so the bias is negligible for any length we use.
    return Math.floor(((u32() * 2 ** 21 + (u32() >>> 11)) / 2 ** 53) * n);
  };
  return {
    u32,
    below,
    between: (lo, hi) => lo + below(hi - lo + 1),
    chance: (p) => u32() / 2 ** 32 < p,
    pick: (items) => items[below(items.length)]!,
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 4) {
        const v = u32();
        for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
      }
      return out;
    },
  };
}
