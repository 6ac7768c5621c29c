/**
 * Argon2id (RFC 9106, version 0x13): the checks on every input, and the evaluation itself
 * (`argon2_lanes.ts`: the memory filling in WebAssembly, BLAKE2b in JavaScript). The program
 * evaluates in workers (`argon2_in_worker.ts`), two threads filling the lanes of each slice at
 * once; `argon2idHash` evaluates on the calling thread alone, with the same result.
 *
 * Associated data X (RFC 9106 §3.1) is supported so the RFC's own vector can be checked; Plico
 * derives keys with neither X nor the secret K.
 *
 * @module
 */

import type { Argon2Params } from "../../domain/ports.ts";
import {
  ARGON2_MAX_ITERATIONS,
  ARGON2_MAX_MEMORY_KIB,
  ARGON2_MAX_PARALLELISM,
} from "../../domain/limits.ts";
import {
  type Argon2Inputs,
  argon2Shape,
  fillLanes,
  finalTag,
  giveUp,
  seedLanes,
  sharedMemory,
  wipeMemory,
} from "./argon2_lanes.ts";
import { type StopCell, stopCell } from "./argon2_stop.ts";
import { requireBytes, requireIntegerBetween, requireLengthBetween } from "./require_length.ts";
import { ARGON2_MIN_SALT_BYTES, ARGON2_MIN_TAG_BYTES } from "../../domain/primitive_sizes.ts";

/** Largest Argon2 tag we produce in bytes; Plico derives keys, never long streams. */
const ARGON2_MAX_TAG_BYTES = 1024;
/** Largest Argon2 salt or secret we accept in bytes, so a caller cannot feed unbounded input. */
const ARGON2_MAX_INPUT_BYTES = 64 * 1024;

/** Inputs of one Argon2id evaluation. */
export interface Argon2idInput {
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  /** Optional secret value K (RFC 9106 §3.1); empty when absent. */
  readonly secret?: Uint8Array;
  /** Optional associated data X (RFC 9106 §3.1); empty when absent. */
  readonly associatedData?: Uint8Array;
  readonly params: Argon2Params;
  /** Tag length T in bytes. */
  readonly length: number;
}

/**
 * Every parameter checked against RFC 9106 §3.1 and, above, against Plico's own ceilings
 * (`domain/limits.ts`) so a tampered profile cannot demand absurd work from here either; the
 * domain still enforces the stricter minimums it requires of real profiles.
 */
function checkedInputs(input: Argon2idInput): Argon2Inputs {
  const { password, salt, params, length } = input;
  const secret = input.secret ?? new Uint8Array(0);
  const associatedData = input.associatedData ?? new Uint8Array(0);
  requireBytes("Argon2id password", password);
  requireLengthBetween("Argon2id salt", salt, ARGON2_MIN_SALT_BYTES, ARGON2_MAX_INPUT_BYTES);
  requireLengthBetween("Argon2id secret", secret, 0, ARGON2_MAX_INPUT_BYTES);
  requireLengthBetween("Argon2id associated data", associatedData, 0, ARGON2_MAX_INPUT_BYTES);
  requireIntegerBetween("Argon2id tag length", length, ARGON2_MIN_TAG_BYTES, ARGON2_MAX_TAG_BYTES);
  requireIntegerBetween("Argon2id iterations", params.iterations, 1, ARGON2_MAX_ITERATIONS);
  requireIntegerBetween("Argon2id parallelism", params.parallelism, 1, ARGON2_MAX_PARALLELISM);
  // RFC 9106 §3.1: at least 8 KiB of memory per lane.
  requireIntegerBetween(
    "Argon2id memory (KiB)",
    params.memoryKiB,
    8 * params.parallelism,
    ARGON2_MAX_MEMORY_KIB,
  );
  return { password, salt, secret, associatedData, params, length };
}

/**
 * The raw Argon2id tag, computed on this thread and, when `helper` is a port to a helper worker
 * (`argon2_worker.ts`) and there are two lanes or more, on that worker too. The memory is wiped
 * before this returns; the password stays the caller's to wipe.
 */
export function argon2idShared(
  input: Argon2idInput,
  helper: MessagePort | null,
  stop: StopCell = stopCell(),
): Uint8Array {
  const inputs = checkedInputs(input);
  const shape = argon2Shape(inputs.params);
  const memory = sharedMemory(shape);
  const threads = helper !== null && shape.lanes >= 2 ? 2 : 1;
  try {
    seedLanes(memory, shape, inputs);
    if (threads === 2) helper!.postMessage({ memory, shape, stop });
    fillLanes(memory, shape, 0, threads, stop);
    return finalTag(memory, shape, inputs.length);
  } catch (e) {
    giveUp(stop, memory); // the helper stops at its next slice (and wipes what it holds)
    throw e;
  } finally {
    wipeMemory(memory);
  }
}

/** The raw Argon2id tag, computed on this thread alone (tests, tools). */
export function argon2idHash(input: Argon2idInput): Promise<Uint8Array> {
  try {
    return Promise.resolve(argon2idShared(input, null));
  } catch (e) {
    return Promise.reject(e);
  }
}
