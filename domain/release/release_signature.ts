/**
 * Release signatures (HARDENING §4.2): an Ed25519 signature over
 * `"plico/v2/release-manifest" || 0x00 || manifest bytes`, stored as a small text file of
 * exactly `RELEASE_SIGNATURE_BYTES` bytes:
 *
 * ```text
 * plico release signature v1\n
 * key: <64 lower-case hex: Ed25519 public key>\n
 * sig: <128 lower-case hex: Ed25519 signature>\n
 * ```
 *
 * The length is checked first, then every byte of the fixed text, then the canonical encodings
 * of key and signature, and only then the key is compared with the trusted ones and the
 * signature verified. The key in the file only selects among trusted keys; it is never trusted
 * by itself.
 *
 * @module
 */

import { ED25519_KEY_BYTES, ED25519_SIGNATURE_BYTES } from "../primitive_sizes.ts";
import { concat, fromHex, timingSafeEqual, toHex, utf8 } from "../bytes.ts";
import { malformed, PlicoError } from "../errors.ts";
import { isCanonicalEd25519Point, isCanonicalEd25519Signature } from "../handshake/mod.ts";
import { LABELS } from "../labels.ts";
import { RELEASE_MANIFEST_MAX_BYTES } from "../limits.ts";
import type { CryptoPort } from "../ports.ts";
import { parseReleaseManifest } from "./release_manifest.ts";

const HEADER = "plico release signature v1\n";
const KEY_PREFIX = "key: ";
const SIG_PREFIX = "sig: ";
const PUBLIC_KEY_BYTES = ED25519_KEY_BYTES;
const SIGNATURE_BYTES = ED25519_SIGNATURE_BYTES;

/** Exact length of a signature file, in bytes (231). */
export const RELEASE_SIGNATURE_BYTES = HEADER.length + KEY_PREFIX.length +
  2 * PUBLIC_KEY_BYTES + 1 + SIG_PREFIX.length + 2 * SIGNATURE_BYTES + 1;

/** The parts of a signature file. */
export interface ReleaseSignature {
  readonly publicKey: Uint8Array;
  readonly signature: Uint8Array;
}

/** The bytes the Ed25519 signature covers: label, one zero byte, the manifest as it is. */
export function releaseSignedMessage(manifest: Uint8Array): Uint8Array {
  return concat(utf8(LABELS.releaseManifest), new Uint8Array([0]), manifest);
}

/** The text form of a signature file. */
export function encodeReleaseSignature(sig: ReleaseSignature): Uint8Array {
  if (sig.publicKey.length !== PUBLIC_KEY_BYTES || sig.signature.length !== SIGNATURE_BYTES) {
    throw new PlicoError("crypto.bad_length", "release signature: wrong key or signature length");
  }
  return utf8(
    `${HEADER}${KEY_PREFIX}${toHex(sig.publicKey)}\n${SIG_PREFIX}${toHex(sig.signature)}\n`,
  );
}

/** Reads `length` hex characters at `offset`: lower-case only, so each value has one spelling. */
function hexAt(bytes: Uint8Array, offset: number, length: number, what: string): Uint8Array {
  let text = "";
  for (let i = offset; i < offset + length; i++) {
    const b = bytes[i]!;
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66))) {
      throw malformed("release signature", `the ${what} is not lower-case hexadecimal`);
    }
    text += String.fromCharCode(b);
  }
  return fromHex(text);
}

function expectText(bytes: Uint8Array, offset: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (bytes[offset + i] !== text.charCodeAt(i)) {
      throw malformed("release signature", `expected ${JSON.stringify(text)} at byte ${offset}`);
    }
  }
  return offset + text.length;
}

/**
 * Strict parsing: exact length, fixed text, lower-case hex, a canonical full-order public key
 * and a canonical signature (R canonical, S < L). Anything else is `input.malformed`.
 */
export function parseReleaseSignature(bytes: Uint8Array): ReleaseSignature {
  if (bytes.length !== RELEASE_SIGNATURE_BYTES) {
    throw malformed(
      "release signature",
      `must be exactly ${RELEASE_SIGNATURE_BYTES} bytes, got ${bytes.length}`,
    );
  }
  let at = expectText(bytes, 0, HEADER);
  at = expectText(bytes, at, KEY_PREFIX);
  const publicKey = hexAt(bytes, at, 2 * PUBLIC_KEY_BYTES, "key");
  at = expectText(bytes, at + 2 * PUBLIC_KEY_BYTES, "\n" + SIG_PREFIX);
  const signature = hexAt(bytes, at, 2 * SIGNATURE_BYTES, "signature");
  expectText(bytes, at + 2 * SIGNATURE_BYTES, "\n");
  if (!isCanonicalEd25519Point(publicKey)) {
    throw malformed("release signature", "the key is not a canonical Ed25519 key");
  }
  if (!isCanonicalEd25519Signature(signature)) {
    throw malformed("release signature", "the signature is not a canonical Ed25519 signature");
  }
  return { publicKey, signature };
}

/**
 * Signs a manifest with a 32-byte Ed25519 seed. The manifest is parsed first: Plico never
 * signs a manifest its verifier would refuse.
 */
export function signReleaseManifest(
  crypto: CryptoPort,
  seed: Uint8Array,
  manifest: Uint8Array,
): Uint8Array {
  parseReleaseManifest(manifest);
  const publicKey = crypto.ed25519PublicKey(seed);
  const signature = crypto.ed25519Sign(seed, releaseSignedMessage(manifest));
  return encodeReleaseSignature({ publicKey, signature });
}

/**
 * Checks `signatureFile` over `manifest` against the trusted keys and returns the key that
 * signed. Throws `input.too_large`/`input.malformed` for a manifest over the size limit or a
 * malformed signature file, and `crypto.auth_failed` for a key that is not trusted or a
 * signature that does not verify. The manifest itself is parsed only after this succeeds.
 */
export function verifyReleaseSignature(
  crypto: CryptoPort,
  trustedKeys: readonly Uint8Array[],
  manifest: Uint8Array,
  signatureFile: Uint8Array,
): Uint8Array {
  if (manifest.length > RELEASE_MANIFEST_MAX_BYTES) {
    throw new PlicoError(
      "input.too_large",
      `release manifest: larger than ${RELEASE_MANIFEST_MAX_BYTES} bytes`,
    );
  }
  const sig = parseReleaseSignature(signatureFile);
  const key = trustedKeys.find((k) => timingSafeEqual(k, sig.publicKey));
  if (key === undefined) {
    throw new PlicoError(
      "crypto.auth_failed",
      `release signature: made with key ${toHex(sig.publicKey).slice(0, 16)}…, ` +
        `which this build does not trust`,
    );
  }
  if (!crypto.ed25519Verify(key, releaseSignedMessage(manifest), sig.signature)) {
    throw new PlicoError(
      "crypto.auth_failed",
      "release signature: does not verify; the manifest or the signature was altered",
    );
  }
  return key;
}
