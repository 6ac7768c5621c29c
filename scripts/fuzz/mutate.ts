/**
 * Mutation operators of the fuzzer: bit flips, interesting byte values, length-field extremes,
 * truncation, extension, erasure, insertion, splices with other inputs, chunk reordering and
 * plain random bytes. `mutate` stacks one to three of them and always returns bytes that differ
 * from its input, so a "mutated" input that opens is a real finding, never an unchanged copy.
 *
 * @module
 */

import type { Rng } from "./prng.ts";

/** A big-endian integer field of a format, for length-field extremes. */
export interface Field {
  readonly name: string;
  readonly offset: number;
  readonly size: 1 | 2 | 4 | 8;
}

/** What the operators may know about the input's structure. */
export interface MutationContext {
  /** Integer fields (length, count and time fields) to set to extreme values. */
  readonly fields?: readonly Field[];
  /** Other valid inputs of the same kind, for splices. */
  readonly donors?: readonly Uint8Array[];
  /** Fixed-size records from `base` on (the sealed chunks of an envelope body). */
  readonly chunks?: { readonly base: number; readonly size: number };
  /** Only operators that keep the length (for fixed-size plaintexts that are sealed again). */
  readonly keepLength?: boolean;
  /** Largest output in bytes (default: twice the input plus 4 KiB). */
  readonly maxBytes?: number;
}

/** Mutated bytes and the operators applied, for reports. */
export interface Mutated {
  readonly bytes: Uint8Array;
  readonly ops: readonly string[];
}

type Operator = (rng: Rng, input: Uint8Array, ctx: MutationContext) => Uint8Array | null;

const BYTE_VALUES = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x20, 0x2f, 0x3d, 0x0a, 0x0d];

/** Extreme values of an unsigned big-endian integer of `size` bytes (as bigint). */
function extremes(size: number, current: bigint): bigint[] {
  const max = (1n << BigInt(8 * size)) - 1n;
  const values = [
    0n,
    1n,
    2n,
    max,
    max - 1n,
    max >> 1n,
    (max >> 1n) + 1n,
    current + 1n,
    current - 1n,
  ];
  if (size >= 2) values.push(255n, 256n);
  if (size >= 4) values.push(65_535n, 65_536n, 2n ** 24n, 2n ** 31n - 1n);
  if (size === 8) values.push(2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n);
  return values.map((v) => ((v % (max + 1n)) + max + 1n) % (max + 1n));
}

function readBig(bytes: Uint8Array, offset: number, size: number): bigint {
  let v = 0n;
  for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(bytes[offset + i] ?? 0);
  return v;
}

function writeBig(bytes: Uint8Array, offset: number, size: number, value: bigint): void {
  for (let i = size - 1; i >= 0; i--) {
    if (offset + i < bytes.length) bytes[offset + i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A random range `[start, end)` of at most `most` bytes inside `length` (non-empty). */
function range(rng: Rng, length: number, most: number): [number, number] {
  const start = rng.below(length);
  const end = Math.min(length, start + rng.between(1, most));
  return [start, end];
}

const OPERATORS: Record<string, { weight: number; keepsLength: boolean; op: Operator }> = {
  flip: {
    weight: 6,
    keepsLength: true,
    op(rng, input) {
      if (input.length === 0) return null;
      const out = input.slice();
      for (let n = rng.between(1, 8); n > 0; n--) out[rng.below(out.length)]! ^= 1 << rng.below(8);
      return out;
    },
  },
  byte: {
    weight: 4,
    keepsLength: true,
    op(rng, input) {
      if (input.length === 0) return null;
      const out = input.slice();
      for (let n = rng.between(1, 4); n > 0; n--) {
        out[rng.below(out.length)] = rng.pick(BYTE_VALUES);
      }
      return out;
    },
  },
  field: {
    weight: 6,
    keepsLength: true,
    op(rng, input, ctx) {
      const usable = (ctx.fields ?? []).filter((f) => f.offset + f.size <= input.length);
      let offset: number, size: number;
      if (usable.length > 0 && !rng.chance(0.15)) {
        const f = rng.pick(usable);
        offset = f.offset;
        size = f.size;
      } else {
        size = rng.pick([1, 2, 4, 8]);
        if (input.length < size) return null;
        offset = rng.below(input.length - size + 1);
      }
      const out = input.slice();
      writeBig(out, offset, size, rng.pick(extremes(size, readBig(input, offset, size))));
      return out;
    },
  },
  overwrite: {
    weight: 3,
    keepsLength: true,
    op(rng, input) {
      if (input.length === 0) return null;
      const out = input.slice();
      const [start, end] = range(rng, out.length, 64);
      out.set(rng.bytes(end - start), start);
      return out;
    },
  },
  copy: {
    weight: 2,
    keepsLength: true,
    op(rng, input) {
      if (input.length < 2) return null;
      const out = input.slice();
      const [start, end] = range(rng, out.length, 512);
      const to = rng.below(out.length);
      out.set(input.subarray(start, Math.min(end, start + out.length - to)), to);
      return out;
    },
  },
  truncate: {
    weight: 4,
    keepsLength: false,
    op(rng, input, ctx) {
      if (input.length === 0) return null;
      const { chunks } = ctx;
      if (chunks && input.length > chunks.base && rng.chance(0.5)) {
        const count = Math.ceil((input.length - chunks.base) / chunks.size);
        const at = chunks.base + rng.below(count) * chunks.size + rng.between(-17, 17);
        return input.slice(0, Math.max(0, Math.min(input.length - 1, at)));
      }
      return input.slice(
        0,
        rng.chance(0.3) ? input.length - rng.between(1, 17) : rng.below(input.length),
      );
    },
  },
  extend: {
    weight: 3,
    keepsLength: false,
    op(rng, input, ctx) {
      const donor = ctx.donors?.length ? rng.pick(ctx.donors) : input;
      const tail = rng.chance(0.5)
        ? rng.bytes(rng.between(1, 256))
        : donor.subarray(...range(rng, Math.max(1, donor.length), 70_000));
      return concat(input, tail);
    },
  },
  erase: {
    weight: 2,
    keepsLength: false,
    op(rng, input) {
      if (input.length === 0) return null;
      const [start, end] = range(rng, input.length, rng.chance(0.5) ? 16 : 70_000);
      return concat(input.subarray(0, start), input.subarray(end));
    },
  },
  insert: {
    weight: 2,
    keepsLength: false,
    op(rng, input) {
      const at = rng.below(input.length + 1);
      const piece = rng.chance(0.5) || input.length === 0
        ? rng.bytes(rng.between(1, 64))
        : input.slice(...range(rng, input.length, 4096));
      return concat(input.subarray(0, at), piece, input.subarray(at));
    },
  },
  splice: {
    weight: 2,
    keepsLength: false,
    op(rng, input, ctx) {
      if (!ctx.donors?.length) return null;
      const donor = rng.pick(ctx.donors);
      const cut = rng.below(input.length + 1);
      const donorCut = rng.chance(0.5) ? cut : rng.below(donor.length + 1);
      return rng.chance(0.5)
        ? concat(input.subarray(0, cut), donor.subarray(donorCut))
        : concat(donor.subarray(0, donorCut), input.subarray(cut));
    },
  },
  chunk: {
    weight: 3,
    keepsLength: false,
    op(rng, input, ctx) {
      const { chunks } = ctx;
      if (!chunks || input.length <= chunks.base) return null;
      const list: Uint8Array[] = [];
      for (let at = chunks.base; at < input.length; at += chunks.size) {
        list.push(input.subarray(at, Math.min(input.length, at + chunks.size)));
      }
      const i = rng.below(list.length);
      const j = rng.below(list.length);
      const kind = rng.below(3);
      if (kind === 0) [list[i], list[j]] = [list[j]!, list[i]!]; // reorder
      else if (kind === 1) list.splice(i, 1); // drop
      else list.splice(i, 0, list[j]!); // duplicate
      return concat(input.subarray(0, chunks.base), ...list);
    },
  },
  random: {
    weight: 1,
    keepsLength: false,
    op(rng, input) {
      return rng.bytes(rng.below(Math.max(64, 2 * input.length)));
    },
  },
};

/** Names of every operator, for tests and reports. */
export const OPERATOR_NAMES: readonly string[] = Object.keys(OPERATORS);

/** Applies the named operator once; null when it does not apply to this input. */
export function applyOperator(
  name: string,
  rng: Rng,
  input: Uint8Array,
  ctx: MutationContext = {},
): Uint8Array | null {
  const entry = OPERATORS[name];
  if (!entry) throw new Error(`unknown mutation operator ${name}`);
  return entry.op(rng, input, ctx);
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Applies `stack` (default 1–3) randomly chosen operators in turn. The result always differs
 * from `input` and never exceeds the context's `maxBytes`; with `keepLength` it has the input's
 * length.
 */
export function mutate(
  rng: Rng,
  input: Uint8Array,
  ctx: MutationContext = {},
  stack = rng.between(1, 3),
): Mutated {
  const maxBytes = ctx.maxBytes ?? 2 * input.length + 4096;
  const names = OPERATOR_NAMES.filter((n) => !ctx.keepLength || OPERATORS[n]!.keepsLength);
  const total = names.reduce((sum, n) => sum + OPERATORS[n]!.weight, 0);
  const choose = () => {
    let x = rng.below(total);
    for (const n of names) {
      x -= OPERATORS[n]!.weight;
      if (x < 0) return n;
    }
    return names[names.length - 1]!;
  };
  for (let attempt = 0; attempt < 16; attempt++) {
    let bytes = input;
    const ops: string[] = [];
    for (let i = 0; i < stack; i++) {
      const name = choose();
      const out = OPERATORS[name]!.op(rng, bytes, ctx);
      if (out === null || out.length > maxBytes) continue;
      bytes = out;
      ops.push(name);
    }
    if (!equal(bytes, input)) return { bytes, ops };
  }
  // Every attempt cancelled out (rare: a flip and its undo); change one bit for certain.
  if (input.length === 0) return { bytes: new Uint8Array([rng.u32() & 0xff]), ops: ["extend"] };
  const bytes = input.slice();
  bytes[rng.below(bytes.length)]! ^= 1;
  return { bytes, ops: ["flip"] };
}
