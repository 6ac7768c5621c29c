/**
 * Session setup (PROTOCOL-handshake, docs/protocol/handshake.md): the public API the use cases
 * call. Three pure steps taking ports — `createInitiatorFile`, `answerInitiatorFile`,
 * `finishHandshake` — plus strict parsers, the pending-record codec and the result type.
 *
 * @module
 */

export { createInitiatorFile, type InitiatorStart } from "./initiate.ts";
export { answerInitiatorFile, type ResponderAnswer } from "./answer.ts";
export { finishHandshake } from "./finish.ts";
export {
  decodeInitiatorFile,
  decodeSignedInitiatorFile,
  encodeInitiatorFile,
  type InitiatorFile,
  parseInitiatorFile,
} from "./initiator_file.ts";
export {
  decodeResponderFile,
  encodeResponderFile,
  parseResponderFile,
  type ResponderFile,
} from "./responder_file.ts";
export { decodePending, encodePending, type PendingInitiator, wipePending } from "./pending.ts";
export { type HandshakeResult, type HandshakeRole, wipeHandshakeResult } from "./result.ts";
export { DEFAULT_SESSION_PARAMS, type SessionParams } from "./params.ts";
export { initiatorFileHash, transcriptHash } from "./key_schedule.ts";
export { INITIATOR, KIND, MAGIC, PENDING, RESPONDER } from "./format.ts";
export { isCanonicalEd25519Point, isCanonicalEd25519Signature } from "./canonical.ts";
