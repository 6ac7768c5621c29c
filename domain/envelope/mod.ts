/**
 * Envelopes (PROTOCOL-envelope §5, §8, §9): a constant-size encrypted header from the ratchet,
 * then a chunked streaming AEAD body. Every byte is pseudorandom.
 *
 * @module
 */

export {
  BODY_CHUNK_BYTES,
  BODY_SEALED_CHUNK_BYTES,
  BODY_TAG_BYTES,
  type BodyChunkPlan,
  bodyChunkPlan,
  sealedBodyLength,
} from "./body_format.ts";
export {
  BODY_MAX_CHUNKS,
  type BodyOpener,
  createBodyOpener,
  TAMPERED_MESSAGE,
} from "./body_opener.ts";
export { type BodySealer, createBodySealer } from "./body_sealer.ts";
export { type ChunkStream, createBodyReader, createBodyWriter } from "./body_stream.ts";
export {
  checkEnvelopeLength,
  ENVELOPE_MAX_BYTES,
  ENVELOPE_MIN_BYTES,
  type OpenedEnvelope,
  openEnvelope,
  type SealedEnvelope,
  sealEnvelope,
} from "./envelope_bytes.ts";
export {
  type HeaderExpired,
  type HeaderKeyUnavailable,
  type HeaderOk,
  type HeaderOutcome,
  openEnvelopeHeader,
  type SealedHeader,
  sealEnvelopeHeader,
  type SealOptions,
} from "./envelope_header.ts";
export { type EnvelopeInfo, MESSAGE_ID_BYTES } from "./envelope_info.ts";
export { HEADER_BYTES } from "../ratchet/mod.ts";
