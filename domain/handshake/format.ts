/**
 * Byte layout of the session-setup files: common header, exact sizes and field offsets
 * (PROTOCOL-handshake §2–§4, §9). Every parser checks the exact length before reading a field.
 *
 * @module
 */

import {
  DIGEST_BYTES,
  ED25519_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  MLKEM768_CIPHERTEXT_BYTES,
  MLKEM768_PUBLIC_KEY_BYTES,
  MLKEM768_SEED_BYTES,
  MLKEM_RANDOMNESS_BYTES,
  X25519_KEY_BYTES,
} from "../primitive_sizes.ts";
import { PlicoError } from "../errors.ts";

/** ASCII `PLICO`: setup files are public and may carry a format identifier (§2). */
export const MAGIC = new Uint8Array([0x50, 0x4c, 0x49, 0x43, 0x4f]);
/** Protocol version byte of v2 (v1 was never released; its files are refused). */
export const VERSION = 0x02;
/** Suite `0x01`: Ed25519, X25519, ML-KEM-768, SHA3-256, HKDF-SHA3-256 (§1). */
export const SUITE = 0x01;
/** Header length in bytes: magic, kind, version, suite. */
export const SETUP_HEADER_BYTES = 8;

/** The kind byte of each setup record (§2). */
export const KIND = { initiator: 0x01, responder: 0x02, pending: 0x03 } as const;
/** A setup record kind. */
export type SetupKind = keyof typeof KIND;

/** Field sizes in bytes (§1): the primitives' from `domain/primitive_sizes.ts`. */
export const SIZES = {
  nonce: 32,
  ed25519Public: ED25519_KEY_BYTES,
  ed25519Secret: ED25519_KEY_BYTES,
  signature: ED25519_SIGNATURE_BYTES,
  x25519: X25519_KEY_BYTES,
  mlkemPublic: MLKEM768_PUBLIC_KEY_BYTES,
  mlkemCiphertext: MLKEM768_CIPHERTEXT_BYTES,
  mlkemSeed: MLKEM768_SEED_BYTES,
  mlkemRandomness: MLKEM_RANDOMNESS_BYTES,
  hash: DIGEST_BYTES,
  rootKey: 32,
  params: 8,
  time: 8,
} as const;

/** Field offsets of the initiator file (§3). */
export const INITIATOR = {
  nonce: 8,
  identity: 40,
  ephemeral: 72,
  kemPublic: 104,
  params: 1288,
  createdAt: 1296,
  signature: 1304,
  length: 1368,
} as const;

/** Field offsets of the responder file (§4). */
export const RESPONDER = {
  initiatorHash: 8,
  identity: 40,
  ephemeral: 72,
  kemCiphertext: 104,
  kemPublic: 1192,
  createdAt: 2376,
  signature: 2384,
  length: 2448,
} as const;

/** Field offsets of the pending initiator record (§9). */
export const PENDING = {
  ephemeralSecret: 8,
  kemSeed: 40,
  file: 104,
  length: 1472,
} as const;

const KIND_NAMES: Record<number, string> = {
  [KIND.initiator]: "an initiator file",
  [KIND.responder]: "a responder file",
  [KIND.pending]: "a pending session record",
};

/** The 8-byte header of a record of `kind` (§2). */
export function encodeHeader(kind: SetupKind): Uint8Array {
  const out = new Uint8Array(SETUP_HEADER_BYTES);
  out.set(MAGIC, 0);
  out[5] = KIND[kind];
  out[6] = VERSION;
  out[7] = SUITE;
  return out;
}

/**
 * Refuse `bytes` unless it has exactly `length` bytes and the header of `kind` (§2, §8 steps
 * 1–2). A record of another known kind is named in the message, so a person who picked the
 * wrong file learns which one they picked.
 */
export function checkRecordShape(bytes: Uint8Array, kind: SetupKind, length: number): void {
  const want = KIND_NAMES[KIND[kind]]!;
  const isPlico = bytes.length >= SETUP_HEADER_BYTES && MAGIC.every((b, i) => bytes[i] === b);
  if (isPlico && bytes[5] !== KIND[kind]) {
    const found = KIND_NAMES[bytes[5]!];
    throw new PlicoError(
      "input.malformed",
      found === undefined
        ? `not ${want}: unknown Plico record kind ${bytes[5]}`
        : `this is ${found}, not ${want}`,
    );
  }
  if (bytes.length !== length) {
    throw new PlicoError(
      "input.malformed",
      `${want} must be exactly ${length} bytes, got ${bytes.length}`,
    );
  }
  if (!isPlico) throw new PlicoError("input.malformed", `not ${want}: bad magic`);
  if (bytes[6] !== VERSION) {
    throw new PlicoError(
      "input.malformed",
      `${want} of unsupported version ${bytes[6]} (this program reads protocol v2)`,
    );
  }
  if (bytes[7] !== SUITE) {
    throw new PlicoError("input.malformed", `${want} of unsupported suite ${bytes[7]}`);
  }
}
