/**
 * Assertions on `PlicoError` codes for the crypto adapter tests.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type ErrorCode, isPlicoError, type PlicoError } from "../../../domain/errors.ts";

/** Runs `fn`, asserts it throws a `PlicoError` with `code`, and returns that error. */
export function assertThrowsCode(fn: () => unknown, code: ErrorCode): PlicoError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${code}, but nothing was thrown`);
  assert.ok(isPlicoError(caught, code), `expected ${code}, got ${String(caught)}`);
  return caught;
}

/** Async version of `assertThrowsCode`. */
export async function assertRejectsCode(
  fn: () => Promise<unknown>,
  code: ErrorCode,
): Promise<PlicoError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${code}, but nothing was thrown`);
  assert.ok(isPlicoError(caught, code), `expected ${code}, got ${String(caught)}`);
  return caught;
}

/** True when `bytes` is a plain Uint8Array (not a node Buffer or another subclass). */
export function isPlainBytes(bytes: unknown): boolean {
  return bytes instanceof Uint8Array && Object.getPrototypeOf(bytes) === Uint8Array.prototype;
}
