/**
 * How D-Bus values look in TypeScript, for both the writer and the reader:
 * `y n q i u d` are numbers, `x t` bigints, `b` booleans, `s o g` strings, `ay` a Uint8Array,
 * other arrays and structs are arrays, a dict entry is a two-element array `[key, value]`, and
 * a variant is a `Variant` carrying its own signature.
 *
 * @module
 */

/** A value of some D-Bus type (see the module comment for the mapping). */
export type DBusValue =
  | number
  | bigint
  | boolean
  | string
  | Uint8Array
  | Variant
  | readonly DBusValue[];

/** A D-Bus variant: a value together with the signature of its single complete type. */
export class Variant {
  constructor(readonly signature: string, readonly value: DBusValue) {}
}

/** D-Bus spec: an object path is `/` or `/`-separated non-empty elements of `[A-Za-z0-9_]`. */
export function isObjectPath(path: string): boolean {
  return /^\/(?:[A-Za-z0-9_]+(?:\/[A-Za-z0-9_]+)*)?$/.test(path);
}
