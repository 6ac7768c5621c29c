/**
 * Argon2id (RFC 9106, version 0x13) with its lanes filled by more than one thread. The memory
 * filling runs in WebAssembly (`argon2_fill.c`, built into `argon2_fill_wasm.ts`) over one shared
 * `WebAssembly.Memory`; H0, the first two blocks of each lane, H' and the final tag are BLAKE2b
 * here (`@noble/hashes`). Each thread fills the segments of its own lanes, then waits for the
 * others at the end of every slice: RFC 9106 §3.4 makes the lanes of one slice independent of
 * each other, which is what the parallelism parameter is for.
 *
 * Memory layout (bytes): the module's own shadow stack below 65 KiB (unused: each instance gets
 * its own), the barrier cells at `SYNC_AT`, one `THREAD_BYTES` area per thread from `THREAD_AT`
 * (six scratch blocks, then that thread's stack, growing down from the area's end), the m'
 * blocks from `BLOCKS_AT`. The C code keeps its locals out of linear memory (clang -O3 spills
 * nothing there); the stacks make that not matter if a compiler ever does: two threads
 * never share one.
 *
 * @module
 */

import { blake2b } from "@noble/hashes/blake2.js";
import { wipe } from "../../domain/bytes.ts";
import { PlicoError } from "../../domain/errors.ts";
import type { Argon2Params } from "../../domain/ports.ts";
import { ARGON2_FILL_WASM } from "./argon2_fill_wasm.ts";
import { requestStop, type StopCell, stopCell, stopRequested } from "./argon2_stop.ts";

const BLOCK_BYTES = 1024;
const SYNC_AT = 96 * 1024;
const THREAD_AT = 128 * 1024;
const THREAD_BYTES = 128 * 1024;
const BLOCKS_AT = 1024 * 1024;
/** Threads one memory has room for (their areas lie between `THREAD_AT` and `BLOCKS_AT`). */
const MAX_THREADS = 2;
const PAGE_BYTES = 65536;
/** Argon2 version 0x13 and type 2 (Argon2id), RFC 9106 §3.2. */
const VERSION = 0x13;
const TYPE_ID = 2;

/** The sizes of one evaluation's memory (RFC 9106 §3.2 step 5). */
export interface Argon2Shape {
  readonly lanes: number;
  readonly laneLength: number;
  /** m', the number of blocks. */
  readonly blocks: number;
  readonly passes: number;
  /** Pages of the shared memory, scratch and barrier included. */
  readonly pages: number;
}

/** The memory shape of `params` (checked beforehand: p ≥ 1, m ≥ 8p). */
export function argon2Shape(params: Argon2Params): Argon2Shape {
  const lanes = params.parallelism;
  const blocks = 4 * lanes * Math.floor(params.memoryKiB / (4 * lanes));
  return {
    lanes,
    laneLength: blocks / lanes,
    blocks,
    passes: params.iterations,
    pages: Math.ceil((BLOCKS_AT + blocks * BLOCK_BYTES) / PAGE_BYTES),
  };
}

function le32(n: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, n, true);
  return bytes;
}

/** BLAKE2b of the concatenated `parts`, `length` (1..64) bytes. */
function blake(length: number, parts: readonly Uint8Array[]): Uint8Array {
  const h = blake2b.create({ dkLen: length });
  for (const part of parts) h.update(part);
  return h.digest();
}

/** H' of RFC 9106 §3.3: `length` bytes from the concatenated `parts`. */
function hashPrime(length: number, parts: readonly Uint8Array[]): Uint8Array {
  const head = [le32(length), ...parts];
  if (length <= 64) return blake(length, head);
  const out = new Uint8Array(length);
  const rounds = Math.ceil(length / 32) - 2;
  let v = blake(64, head);
  out.set(v.subarray(0, 32), 0);
  for (let i = 1; i < rounds; i++) {
    const next = blake(64, [v]);
    wipe(v);
    v = next;
    out.set(v.subarray(0, 32), 32 * i);
  }
  const last = blake(length - 32 * rounds, [v]);
  out.set(last, 32 * rounds);
  wipe(v, last);
  return out;
}

/** Inputs of one evaluation (checked by `argon2.ts`). */
export interface Argon2Inputs {
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly secret: Uint8Array;
  readonly associatedData: Uint8Array;
  readonly params: Argon2Params;
  readonly length: number;
}

/** H0 (RFC 9106 §3.2 step 1). */
function initialHash(input: Argon2Inputs, shape: Argon2Shape): Uint8Array {
  const { password, salt, secret, associatedData, params, length } = input;
  return blake(64, [
    le32(shape.lanes),
    le32(length),
    le32(params.memoryKiB),
    le32(shape.passes),
    le32(VERSION),
    le32(TYPE_ID),
    le32(password.length),
    password,
    le32(salt.length),
    salt,
    le32(secret.length),
    secret,
    le32(associatedData.length),
    associatedData,
  ]);
}

/** The filling function of the WebAssembly module, over `memory`. */
type FillSegment = (
  memory: number,
  scratch: number,
  lanes: number,
  laneLength: number,
  pass: number,
  slice: number,
  lane: number,
  total: number,
  passes: number,
) => void;

let compiled: WebAssembly.Module | null = null;

/** Instantiates the filling module over `memory` for `thread` (0 or 1), with its own stack. */
function fillerOver(memory: WebAssembly.Memory, thread: number): FillSegment {
  compiled ??= new WebAssembly.Module(ARGON2_FILL_WASM);
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  const stack = instance.exports.__stack_pointer as WebAssembly.Global;
  stack.value = THREAD_AT + (thread + 1) * THREAD_BYTES;
  return instance.exports.fill_segment as FillSegment;
}

/** A fresh shared memory for `shape` (zeroed, as every new WebAssembly memory is). */
export function sharedMemory(shape: Argon2Shape): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: shape.pages, maximum: shape.pages, shared: true });
}

/** Overwrites the whole of `memory` (derived blocks, scratch blocks, barrier cells). */
export function wipeMemory(memory: WebAssembly.Memory): void {
  wipe(new Uint8Array(memory.buffer));
}

/** Writes the first two blocks of every lane (RFC 9106 §3.2 steps 3-4). */
export function seedLanes(memory: WebAssembly.Memory, shape: Argon2Shape, input: Argon2Inputs) {
  const h0 = initialHash(input, shape);
  const bytes = new Uint8Array(memory.buffer);
  try {
    for (let lane = 0; lane < shape.lanes; lane++) {
      for (let j = 0; j < 2; j++) {
        const block = hashPrime(BLOCK_BYTES, [h0, le32(j), le32(lane)]);
        bytes.set(block, BLOCKS_AT + (lane * shape.laneLength + j) * BLOCK_BYTES);
        wipe(block);
      }
    }
  } finally {
    wipe(h0);
  }
}

const STOP_POLL_MS = 50;

/** Tells every thread of the evaluation to stop, and wakes any that waits at the barrier. */
export function giveUp(stop: StopCell, memory: WebAssembly.Memory): void {
  requestStop(stop);
  Atomics.notify(new Int32Array(memory.buffer, SYNC_AT, 2), 1);
}

function stopped(): PlicoError {
  return new PlicoError("internal", "the key derivation stopped: its other thread gave up");
}

/**
 * A barrier for `threads` threads over the cells at `SYNC_AT` (a count and a generation):
 * the last to arrive opens the next generation and wakes the others. Throws once `stop` is set.
 */
function barrierOf(memory: WebAssembly.Memory, threads: number, stop: StopCell): () => void {
  if (threads === 1) return () => {};
  const cells = new Int32Array(memory.buffer, SYNC_AT, 2);
  return () => {
    const generation = Atomics.load(cells, 1);
    if (Atomics.add(cells, 0, 1) === threads - 1) {
      Atomics.store(cells, 0, 0);
      Atomics.add(cells, 1, 1);
      Atomics.notify(cells, 1);
      return;
    }
    while (Atomics.load(cells, 1) === generation) {
      if (stopRequested(stop)) throw stopped();
      Atomics.wait(cells, 1, generation, STOP_POLL_MS);
    }
  };
}

/**
 * Fills the lanes `thread`, `thread + threads`, … of every slice of every pass, waiting for
 * the other threads after each slice. Every thread of an evaluation calls this once.
 */
export function fillLanes(
  memory: WebAssembly.Memory,
  shape: Argon2Shape,
  thread: number,
  threads: number,
  stop: StopCell = stopCell(),
): void {
  if (thread < 0 || thread >= MAX_THREADS || threads > MAX_THREADS) {
    throw new PlicoError("internal", "Argon2id: at most two threads");
  }
  const fill = fillerOver(memory, thread);
  const barrier = barrierOf(memory, threads, stop);
  const scratch = THREAD_AT + thread * THREAD_BYTES;
  for (let pass = 0; pass < shape.passes; pass++) {
    for (let slice = 0; slice < 4; slice++) {
      if (stopRequested(stop)) throw stopped();
      for (let lane = thread; lane < shape.lanes; lane += threads) {
        fill(
          BLOCKS_AT,
          scratch,
          shape.lanes,
          shape.laneLength,
          pass,
          slice,
          lane,
          shape.blocks,
          shape.passes,
        );
      }
      barrier();
    }
  }
}

/** The tag (RFC 9106 §3.2 steps 7-8), once every lane is filled. */
export function finalTag(memory: WebAssembly.Memory, shape: Argon2Shape, length: number) {
  const bytes = new Uint8Array(memory.buffer);
  const c = new Uint8Array(BLOCK_BYTES);
  for (let lane = 0; lane < shape.lanes; lane++) {
    const at = BLOCKS_AT + ((lane + 1) * shape.laneLength - 1) * BLOCK_BYTES;
    for (let i = 0; i < BLOCK_BYTES; i++) c[i]! ^= bytes[at + i]!;
  }
  try {
    return hashPrime(length, [c]);
  } finally {
    wipe(c);
  }
}
