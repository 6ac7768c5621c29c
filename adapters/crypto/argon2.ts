/**
 * Argon2id (RFC 9106, version 0x13) through `hash-wasm`, the fastest Argon2 available to Deno
 * without native add-ons (~0.2 s for t=2, m=64 MiB, p=4 here). hash-wasm computes the lanes one
 * after another, so `parallelism` changes the result but not the speed.
 *
 * hash-wasm supports the optional secret K but not the associated data X of RFC 9106; Plico needs
 * neither, and the secret is exposed only so the RFC 9106 §5.3 inputs can be tested.
 *
 * @module
 */

import { argon2id } from "hash-wasm";
import type { Argon2Params } from "../../domain/ports.ts";
import {
  ARGON2_MAX_ITERATIONS,
  ARGON2_MAX_MEMORY_KIB,
  ARGON2_MAX_PARALLELISM,
} from "../../domain/limits.ts";
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
  readonly params: Argon2Params;
  /** Tag length T in bytes. */
  readonly length: number;
}

/**
 * Raw Argon2id tag. Every parameter is checked against RFC 9106 §3.1 and, above, against Plico's
 * own ceilings (`domain/limits.ts`) so a tampered profile cannot demand absurd work from here
 * either; the domain still enforces the stricter minimums it requires of real profiles.
 *
 * The password passes through hash-wasm's WebAssembly memory and JavaScript strings of
 * intermediate state that this adapter cannot wipe; only the returned tag is the caller's.
 */
export async function argon2idHash(input: Argon2idInput): Promise<Uint8Array> {
  const { password, salt, params, length } = input;
  const secret = input.secret ?? new Uint8Array(0);
  requireBytes("Argon2id password", password);
  requireLengthBetween("Argon2id salt", salt, ARGON2_MIN_SALT_BYTES, ARGON2_MAX_INPUT_BYTES);
  requireLengthBetween("Argon2id secret", secret, 0, ARGON2_MAX_INPUT_BYTES);
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
  const tag = await argon2id({
    password,
    salt,
    secret,
    iterations: params.iterations,
    parallelism: params.parallelism,
    memorySize: params.memoryKiB,
    hashLength: length,
    outputType: "binary",
  });
  const own = tag.slice();
  tag.fill(0);
  return own;
}
