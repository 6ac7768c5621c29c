/**
 * The hybrid double ratchet with encrypted headers (PROTOCOL-envelope §2–§7): initialise from a
 * completed setup, encrypt and decrypt headers as pure state transitions, encode the state.
 *
 * @module
 */

export { headerKeysForTrial, type HeaderSlot, tryDecryptHeader } from "./header_cipher.ts";
export { initRatchet, type RatchetInit } from "./init_ratchet.ts";
export {
  ratchetDecrypt,
  type RatchetDecryptKeyUnavailable,
  type RatchetDecryptOk,
  type RatchetDecryptResult,
} from "./ratchet_decrypt.ts";
export { ratchetEncrypt, type RatchetEncryptResult } from "./ratchet_encrypt.ts";
export { HEADER_BYTES, HEADER_EXTRA_BYTES, KEY_BYTES } from "./ratchet_format.ts";
export type { RatchetHeader } from "./ratchet_header.ts";
export {
  type RatchetRole,
  type RatchetState,
  type SendKem,
  type SkippedKey,
  wipeRatchetState,
} from "./ratchet_state.ts";
export { purgeExpiredSkippedKeys } from "./skipped_keys.ts";
export { decodeRatchetState, encodeRatchetState, RATCHET_STATE_MAX_BYTES } from "./state_codec.ts";
