/**
 * Plico's framing of a message inside the envelope body (PROTOCOL-envelope §10–§12): streaming
 * encoder and decoder, seal-time limits, and safe output file names.
 *
 * @module
 */

export { nextFreeName } from "./next_free_name.ts";
export {
  type Attachment,
  decodePackage,
  encodePackage,
  type PackageContent,
} from "./package_bytes.ts";
export { createPackageDecoder, type PackageDecoder, type PackageEvent } from "./package_decoder.ts";
export { createPackageEncoder, encodePreamble, type PackageEncoder } from "./package_encoder.ts";
export {
  type AttachmentMeta,
  PACKAGE_MAX_BYTES,
  type PackageLayout,
  type PackageManifest,
} from "./package_format.ts";
export { FALLBACK_NAME, safeOutputName } from "./safe_output_name.ts";
export { checkSealLimits, isValidMediaType } from "./seal_limits.ts";
