/**
 * Use cases of the PNG carrier (DESIGN §5, PROTOCOL-carrier §2). The carrier adds no
 * cryptographic protection: extracted bytes go through the normal open path. The key that orders
 * and masks the hidden bits is derived from a shared key file when the two people agreed on one,
 * otherwise from a fixed public label — which hides the data from statistical tests that do not
 * know Plico, not from someone who runs Plico on the image.
 *
 * @module
 */

import { utf8 } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import { LABELS } from "../domain/labels.ts";
import type { CryptoPort } from "../domain/ports.ts";
import type { PngCarrierPort } from "./carrier_port.ts";

/**
 * The 32-byte carrier key (PROTOCOL-carrier §3): HKDF-SHA-256(ikm = every byte of the key file, or
 * nothing without one, salt = empty, info = "plico/v2/carrier/key"). An empty key file is
 * refused: it would silently give the public key everybody has.
 */
export function carrierKey(crypto: CryptoPort, keyFile: Uint8Array | null): Uint8Array {
  if (keyFile !== null && keyFile.length === 0) {
    throw new PlicoError(
      "usage",
      "the key file is empty: it would hide nothing; choose a file with secret content " +
        "both of you have, or leave the key file out",
    );
  }
  return crypto.hkdf(
    "sha256",
    keyFile ?? new Uint8Array(0),
    new Uint8Array(0),
    utf8(LABELS.carrierKey),
    32,
  );
}

/** What the carrier use cases are given. */
export interface CarrierDeps {
  readonly crypto: CryptoPort;
  readonly carrier: PngCarrierPort;
}

/** Hides an envelope in a cover (or a generated cover). */
export function embedEnvelope(
  deps: CarrierDeps,
  envelope: Uint8Array,
  cover: Uint8Array | null,
  keyFile: Uint8Array | null,
): Promise<Uint8Array> {
  return deps.carrier.embed(cover, envelope, carrierKey(deps.crypto, keyFile));
}

/** Gets the envelope back out of a carrier image. */
export function extractEnvelope(
  deps: CarrierDeps,
  png: Uint8Array,
  keyFile: Uint8Array | null,
): Promise<Uint8Array> {
  return deps.carrier.extract(png, carrierKey(deps.crypto, keyFile));
}

/** How many envelope bytes a cover can hold. */
export function coverCapacity(deps: CarrierDeps, png: Uint8Array): Promise<number> {
  return deps.carrier.capacity(png);
}
