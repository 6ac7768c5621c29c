/**
 * D-Bus type signatures (D-Bus specification, "Type System"): parsing into a small type tree
 * with the spec's limits enforced, so that no signature received from a peer can make the
 * reader recurse without bound. Only the types Plico's Secret Service client needs, plus the
 * other fixed-size basic types a peer may put in a variant, are supported; `h` (file
 * descriptors) is refused because Plico never negotiates descriptor passing.
 *
 * @module
 */

import { malformed } from "../../../domain/errors.ts";

/** A basic (non-container) type code. */
export type BasicCode = "y" | "b" | "n" | "q" | "i" | "u" | "x" | "t" | "d" | "s" | "o" | "g";

/** One complete D-Bus type. */
export type DBusType =
  | { readonly kind: "basic"; readonly code: BasicCode }
  | { readonly kind: "variant" }
  | { readonly kind: "array"; readonly element: DBusType }
  | { readonly kind: "dict"; readonly key: DBusType; readonly value: DBusType }
  | { readonly kind: "struct"; readonly fields: readonly DBusType[] };

/** D-Bus spec: a signature is at most 255 bytes. */
export const MAX_SIGNATURE_BYTES = 255;
/** D-Bus spec: arrays and structs may each nest at most 32 deep within one signature. */
const MAX_NESTING = 32;

const BASIC_CODES = new Set<string>(["y", "b", "n", "q", "i", "u", "x", "t", "d", "s", "o", "g"]);

/** Alignment in bytes of a value of this type on the wire. */
export function alignmentOf(type: DBusType): number {
  switch (type.kind) {
    case "variant":
      return 1;
    case "array":
      return 4;
    case "dict":
    case "struct":
      return 8;
    case "basic":
      switch (type.code) {
        case "y":
        case "g":
          return 1;
        case "n":
        case "q":
          return 2;
        case "x":
        case "t":
        case "d":
          return 8;
        default:
          return 4;
      }
  }
}

/** Parses a signature holding any number of complete types (a message body's signature). */
export function parseSignature(signature: string): DBusType[] {
  if (signature.length > MAX_SIGNATURE_BYTES) {
    throw malformed("D-Bus signature", "longer than 255 bytes");
  }
  const state = { pos: 0 };
  const types: DBusType[] = [];
  while (state.pos < signature.length) types.push(parseOne(signature, state, 0, 0));
  return types;
}

/** Parses a signature that must hold exactly one complete type (a variant's signature). */
export function parseSingleType(signature: string): DBusType {
  const types = parseSignature(signature);
  if (types.length !== 1) {
    throw malformed("D-Bus signature", "a variant must hold exactly one complete type");
  }
  return types[0]!;
}

function parseOne(sig: string, state: { pos: number }, arrays: number, structs: number): DBusType {
  const c = sig[state.pos];
  if (c === undefined) throw malformed("D-Bus signature", "ends inside a type");
  state.pos++;
  if (BASIC_CODES.has(c)) return { kind: "basic", code: c as BasicCode };
  if (c === "v") return { kind: "variant" };
  if (c === "a") {
    if (arrays + 1 > MAX_NESTING) {
      throw malformed("D-Bus signature", "arrays nested more than 32 deep");
    }
    if (sig[state.pos] === "{") {
      state.pos++;
      if (structs + 1 > MAX_NESTING) {
        throw malformed("D-Bus signature", "structs nested more than 32 deep");
      }
      const key = parseOne(sig, state, arrays + 1, structs + 1);
      if (key.kind !== "basic") {
        throw malformed("D-Bus signature", "a dict entry key must be a basic type");
      }
      const value = parseOne(sig, state, arrays + 1, structs + 1);
      if (sig[state.pos] !== "}") {
        throw malformed("D-Bus signature", "a dict entry holds exactly two types");
      }
      state.pos++;
      return { kind: "array", element: { kind: "dict", key, value } };
    }
    return { kind: "array", element: parseOne(sig, state, arrays + 1, structs) };
  }
  if (c === "(") {
    if (structs + 1 > MAX_NESTING) {
      throw malformed("D-Bus signature", "structs nested more than 32 deep");
    }
    const fields: DBusType[] = [];
    while (sig[state.pos] !== ")") {
      if (state.pos >= sig.length) throw malformed("D-Bus signature", "unclosed struct");
      fields.push(parseOne(sig, state, arrays, structs + 1));
    }
    state.pos++;
    if (fields.length === 0) throw malformed("D-Bus signature", "empty struct");
    return { kind: "struct", fields };
  }
  if (c === "h") throw malformed("D-Bus signature", "file descriptors (h) are not supported");
  throw malformed("D-Bus signature", `unexpected character ${JSON.stringify(c)}`);
}

/** The signature text of a type (inverse of parsing). */
export function signatureOf(type: DBusType): string {
  switch (type.kind) {
    case "basic":
      return type.code;
    case "variant":
      return "v";
    case "array":
      return type.element.kind === "dict"
        ? `a{${signatureOf(type.element.key)}${signatureOf(type.element.value)}}`
        : `a${signatureOf(type.element)}`;
    case "dict":
      return `{${signatureOf(type.key)}${signatureOf(type.value)}}`;
    case "struct":
      return `(${type.fields.map(signatureOf).join("")})`;
  }
}
