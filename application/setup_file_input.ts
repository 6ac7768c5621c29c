/**
 * Setup files arrive binary or armored; both are accepted (PROTOCOL-handshake §16). Armor is
 * recognised by its BEGIN line and decoded strictly; anything else is taken as binary and left
 * to the exact-length parser.
 *
 * @module
 */

import { type ArmorKind, dearmor, isArmored } from "../domain/armor.ts";

/** The binary form of a setup file given in either form. */
export function setupFileBytes(input: Uint8Array, kind: ArmorKind): Uint8Array {
  return isArmored(input) ? dearmor(input, kind).bytes : input;
}
