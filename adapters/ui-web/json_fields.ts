/**
 * Typed, bounded reads of fields from a JSON request body. A missing or mistyped field is a
 * `ui.bad_request` naming the field (never echoing its value). Small files (setup files) travel
 * as strict standard base64 (RFC 4648 §4): one text per byte string.
 *
 * @module
 */

import { UiError } from "./http_errors.ts";

type Body = Record<string, unknown>;

function bad(name: string, what: string): never {
  throw new UiError("ui.bad_request", `field "${name}" ${what}`);
}

/** A string field of at most `maxChars` UTF-16 units. */
export function stringField(body: Body, name: string, maxChars: number): string {
  const v = body[name];
  if (typeof v !== "string") bad(name, "must be a string");
  if (v.length > maxChars) bad(name, `must be at most ${maxChars} characters`);
  return v;
}

/** A boolean field; absent means false. */
export function boolField(body: Body, name: string): boolean {
  const v = body[name];
  if (v === undefined) return false;
  if (typeof v !== "boolean") bad(name, "must be true or false");
  return v;
}

/** A whole number field in [min, max]; absent gives `fallback`. */
export function intField(
  body: Body,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const v = body[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    bad(name, `must be a whole number from ${min} to ${max}`);
  }
  return v;
}

/** Standard padded base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  const STEP = 0x8000; // keeps fromCharCode's argument list small
  for (let i = 0; i < bytes.length; i += STEP) {
    binary += String.fromCharCode(...bytes.subarray(i, i + STEP));
  }
  return btoa(binary);
}

/** Strict decoding of standard padded base64: anything `encodeBase64` would not write is refused. */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return encodeBase64(out) === text ? out : null;
}

/**
 * A file field: base64 of 1 to `maxBytes` bytes. `what` names it in the too-large message ("the
 * file", "the QR part"), so the user learns which thing was too large.
 */
export function fileField(
  body: Body,
  name: string,
  maxBytes: number,
  what = "the file",
): Uint8Array {
  const text = body[name];
  if (typeof text !== "string") bad(name, "must be a string");
  if (text.length > 4 * Math.ceil(maxBytes / 3)) {
    throw new UiError("ui.too_large", `${what} is larger than ${maxBytes} bytes`);
  }
  const bytes = decodeBase64(text);
  if (bytes === null) bad(name, "must be standard base64");
  if (bytes.length === 0) bad(name, "is empty");
  return bytes;
}
