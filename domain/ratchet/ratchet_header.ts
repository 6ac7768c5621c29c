/**
 * The header plaintext of PROTOCOL-envelope §5.1: the ratchet's 2313 bytes followed by the
 * envelope's 33-byte `extra`, which the ratchet carries without reading.
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { malformed, PlicoError } from "../errors.ts";
import {
  FILLER_BYTES,
  HEADER_EXTRA_BYTES,
  HEADER_LAYOUT,
  HEADER_PLAINTEXT_BYTES,
  MLKEM_CT_BYTES,
  MLKEM_EK_BYTES,
  X25519_BYTES,
} from "./ratchet_format.ts";
import type { SendKem } from "./ratchet_state.ts";

/** `ratchet_flags` of an initial chain: the KEM fields are random filler. */
const FLAG_INITIAL = 0x00;
/** `ratchet_flags` of a stepped chain: the KEM fields are the chain's step data. */
const FLAG_STEPPED = 0x01;

/** The decoded header. `kem` is null for an initial chain (its filler is dropped). */
export interface RatchetHeader {
  /** Sender's current ratchet public key (32). */
  readonly dh: Uint8Array;
  readonly pn: number;
  readonly n: number;
  readonly kem: SendKem | null;
  /** The envelope's 33 bytes (§5.1), uninterpreted here. */
  readonly extra: Uint8Array;
}

/**
 * Encodes a header plaintext. With `kem` null, `filler` (2272 random bytes) takes the place of
 * the KEM fields so that every header has the same size and looks alike (§4 step 4).
 */
export function encodeRatchetHeader(
  header: RatchetHeader,
  filler: Uint8Array | null,
): Uint8Array {
  if (header.dh.length !== X25519_BYTES || header.extra.length !== HEADER_EXTRA_BYTES) {
    throw new PlicoError("internal", "ratchet header: wrong field size");
  }
  const out = new Uint8Array(HEADER_PLAINTEXT_BYTES);
  const view = new DataView(out.buffer);
  out[HEADER_LAYOUT.ratchetFlags] = header.kem ? FLAG_STEPPED : FLAG_INITIAL;
  out.set(header.dh, HEADER_LAYOUT.dh);
  view.setUint32(HEADER_LAYOUT.pn, header.pn, false);
  view.setUint32(HEADER_LAYOUT.n, header.n, false);
  if (header.kem) {
    if (
      header.kem.ciphertext.length !== MLKEM_CT_BYTES ||
      header.kem.publicKey.length !== MLKEM_EK_BYTES
    ) {
      throw new PlicoError("internal", "ratchet header: wrong KEM field size");
    }
    out.set(header.kem.ciphertext, HEADER_LAYOUT.kemCiphertext);
    out.set(header.kem.publicKey, HEADER_LAYOUT.kemPublic);
  } else {
    if (!filler || filler.length !== FILLER_BYTES) {
      throw new PlicoError("internal", "ratchet header: filler must be 2272 random bytes");
    }
    out.set(filler, HEADER_LAYOUT.kemCiphertext);
  }
  out.set(header.extra, HEADER_LAYOUT.extra);
  return out;
}

/**
 * Decodes an authentic header plaintext (§6.2 step 1). Only the flag byte can be invalid here;
 * a wrong length is a caller bug.
 */
export function decodeRatchetHeader(plaintext: Uint8Array): RatchetHeader {
  if (plaintext.length !== HEADER_PLAINTEXT_BYTES) {
    throw new PlicoError("internal", "ratchet header: wrong plaintext length");
  }
  const r = new ByteReader(plaintext, "envelope header");
  const flags = r.at(HEADER_LAYOUT.ratchetFlags).u8();
  if (flags !== FLAG_INITIAL && flags !== FLAG_STEPPED) {
    throw malformed("envelope header", `unknown ratchet flags ${flags}`);
  }
  const field = (at: number, length: number) => r.at(at).take(length);
  return {
    dh: field(HEADER_LAYOUT.dh, X25519_BYTES),
    pn: r.at(HEADER_LAYOUT.pn).u32(),
    n: r.at(HEADER_LAYOUT.n).u32(),
    kem: flags === FLAG_STEPPED
      ? {
        ciphertext: field(HEADER_LAYOUT.kemCiphertext, MLKEM_CT_BYTES),
        publicKey: field(HEADER_LAYOUT.kemPublic, MLKEM_EK_BYTES),
      }
      : null,
    extra: field(HEADER_LAYOUT.extra, HEADER_EXTRA_BYTES),
  };
}
