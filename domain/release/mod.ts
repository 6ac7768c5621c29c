/**
 * Signed releases (HARDENING §4): the strict `SHA256SUMS` manifest, the signature file
 * and the offline secret key file. Pure: crypto comes in through `CryptoPort`.
 *
 * @module
 */

export {
  findReleaseEntry,
  isReleaseFileName,
  parseReleaseManifest,
  type ReleaseEntry,
  type ReleaseManifest,
} from "./release_manifest.ts";
export {
  encodeReleaseSignature,
  parseReleaseSignature,
  RELEASE_SIGNATURE_BYTES,
  type ReleaseSignature,
  releaseSignedMessage,
  signReleaseManifest,
  verifyReleaseSignature,
} from "./release_signature.ts";
export {
  encodeReleaseSecretKey,
  parseReleaseSecretKey,
  RELEASE_SECRET_KEY_BYTES,
} from "./release_secret_key.ts";
