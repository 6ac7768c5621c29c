/**
 * Validation of the Argon2id parameters read from a profile (PROTOCOL §2.2). A tampered
 * profile must not be able to demand absurd memory or time, nor weaken the KDF below our floor.
 *
 * @module
 */

import { PlicoError } from "./errors.ts";
import {
  ARGON2_MAX_ITERATIONS,
  ARGON2_MAX_MEMORY_KIB,
  ARGON2_MAX_PARALLELISM,
  ARGON2_MIN_ITERATIONS,
  ARGON2_MIN_MEMORY_KIB,
  ARGON2_MIN_PARALLELISM,
} from "./limits.ts";
import type { Argon2Params } from "./ports.ts";

function inRange(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}

/** Returns the parameters unchanged, or throws `profile.corrupt` when any is out of bounds. */
export function checkArgon2Params(params: Argon2Params): Argon2Params {
  const ok = inRange(params.iterations, ARGON2_MIN_ITERATIONS, ARGON2_MAX_ITERATIONS) &&
    inRange(params.memoryKiB, ARGON2_MIN_MEMORY_KIB, ARGON2_MAX_MEMORY_KIB) &&
    inRange(params.parallelism, ARGON2_MIN_PARALLELISM, ARGON2_MAX_PARALLELISM) &&
    // RFC 9106 §3.1: memory must be at least 8 KiB per lane.
    params.memoryKiB >= 8 * params.parallelism;
  if (!ok) {
    throw new PlicoError(
      "profile.corrupt",
      `Argon2id parameters out of bounds (t=${params.iterations}, m=${params.memoryKiB} KiB, ` +
        `p=${params.parallelism}); allowed t ${ARGON2_MIN_ITERATIONS}..${ARGON2_MAX_ITERATIONS}, ` +
        `m ${ARGON2_MIN_MEMORY_KIB}..${ARGON2_MAX_MEMORY_KIB} KiB, ` +
        `p ${ARGON2_MIN_PARALLELISM}..${ARGON2_MAX_PARALLELISM}`,
    );
  }
  return params;
}
