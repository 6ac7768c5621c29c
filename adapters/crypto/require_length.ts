/**
 * Length checks run before any primitive sees its input, so a wrong size fails with a precise
 * `crypto.bad_length` instead of a library-specific error or, worse, a silent truncation.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";

/** Throws `crypto.bad_length` unless `value` is a byte array of exactly `expected` bytes. */
export function requireLength(what: string, value: Uint8Array, expected: number): void {
  requireBytes(what, value);
  if (value.length !== expected) {
    throw new PlicoError(
      "crypto.bad_length",
      `${what} must be ${expected} bytes, got ${value.length}`,
    );
  }
}

/** Throws `crypto.bad_length` unless `value` is a byte array of `min`..`max` bytes. */
export function requireLengthBetween(
  what: string,
  value: Uint8Array,
  min: number,
  max: number,
): void {
  requireBytes(what, value);
  if (value.length < min || value.length > max) {
    throw new PlicoError(
      "crypto.bad_length",
      `${what} must be ${min} to ${max} bytes, got ${value.length}`,
    );
  }
}

/** Throws `crypto.bad_length` unless `value` is a byte array of at least `min` bytes. */
export function requireMinLength(what: string, value: Uint8Array, min: number): void {
  requireBytes(what, value);
  if (value.length < min) {
    throw new PlicoError(
      "crypto.bad_length",
      `${what} must be at least ${min} bytes, got ${value.length}`,
    );
  }
}

/** Throws `crypto.bad_length` unless `value` is a byte array (of any length). */
export function requireBytes(what: string, value: Uint8Array): void {
  if (!(value instanceof Uint8Array)) {
    throw new PlicoError("crypto.bad_length", `${what} must be a byte array`);
  }
}

/** Throws `crypto.bad_length` unless `value` is an integer in `min`..`max`. */
export function requireIntegerBetween(what: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new PlicoError(
      "crypto.bad_length",
      `${what} must be an integer from ${min} to ${max}, got ${value}`,
    );
  }
}
