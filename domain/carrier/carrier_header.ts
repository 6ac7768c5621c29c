/**
 * The carrier header (PROTOCOL-carrier §4): the envelope length, sealed so that without the key
 * its bits look uniformly random and with the wrong key (or no carrier at all) it fails to
 * authenticate.
 *
 *   header = nonce (24, random) || XChaCha20-Poly1305(headerKey, nonce, u32be(length), AAD)
 *
 * 44 bytes in all. The Poly1305 tag is the keyed check value: a random image passes it with
 * probability 2^-128.
 *
 * @module
 */

import { POLY1305_TAG_BYTES, XCHACHA_NONCE_BYTES } from "../primitive_sizes.ts";
import { ByteReader } from "../byte_reader.ts";
import { u32be, utf8 } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { CryptoPort } from "../ports.ts";

/** Random nonce length of the header, in bytes. */
export const CARRIER_NONCE_BYTES = XCHACHA_NONCE_BYTES;
/** Total header length, in bytes: nonce + 4-byte length + 16-byte tag. */
export const CARRIER_HEADER_BYTES = CARRIER_NONCE_BYTES + 4 + POLY1305_TAG_BYTES;
/** Largest envelope length the 32-bit length field can state, in bytes. */
const CARRIER_MAX_LENGTH_FIELD = 0xffff_ffff;

const AAD = utf8(LABELS.carrierHeaderAad);

/** Builds the 44-byte header for an envelope of `envelopeLength` bytes. */
export function sealCarrierHeader(
  crypto: CryptoPort,
  headerKey: Uint8Array,
  nonce: Uint8Array,
  envelopeLength: number,
): Uint8Array {
  if (nonce.length !== CARRIER_NONCE_BYTES) {
    throw new PlicoError("crypto.bad_length", "carrier header nonce must be 24 bytes");
  }
  if (!Number.isSafeInteger(envelopeLength) || envelopeLength < 0) {
    throw new PlicoError("internal", "carrier envelope length is not a non-negative integer");
  }
  if (envelopeLength > CARRIER_MAX_LENGTH_FIELD) {
    throw new PlicoError("carrier.error", "envelope too large for a PNG carrier");
  }
  const header = new Uint8Array(CARRIER_HEADER_BYTES);
  header.set(nonce, 0);
  header.set(crypto.xchachaSeal(headerKey, nonce, u32be(envelopeLength), AAD), CARRIER_NONCE_BYTES);
  return header;
}

/**
 * The envelope length stated by a header, or null when the header does not authenticate under
 * `headerKey` (no carrier, another key, or altered bits).
 */
export function openCarrierHeader(
  crypto: CryptoPort,
  headerKey: Uint8Array,
  header: Uint8Array,
): number | null {
  if (header.length !== CARRIER_HEADER_BYTES) {
    throw new PlicoError("internal", "carrier header has the wrong length");
  }
  let plain: Uint8Array;
  try {
    plain = crypto.xchachaOpen(
      headerKey,
      header.subarray(0, CARRIER_NONCE_BYTES),
      header.subarray(CARRIER_NONCE_BYTES),
      AAD,
    );
  } catch (e) {
    if (e instanceof PlicoError && e.code === "crypto.auth_failed") return null;
    throw e;
  }
  if (plain.length !== 4) throw new PlicoError("internal", "carrier header plaintext length");
  const r = new ByteReader(plain, "carrier header");
  const length = r.u32();
  r.end();
  return length;
}
