/**
 * Domain-separation labels. Every KDF `info`, signature context and AAD prefix is listed here
 * and in `docs/PROTOCOL.md`; a label is never reused for a different purpose.
 *
 * @module
 */

/** Protocol family prefix; bump only with an incompatible protocol version. */
const P = "plico/v2/";

export const LABELS = {
  /** HKDF info: key that wraps the device master key (PROTOCOL §2.3). */
  wrapKey: P + "wrap-key",
  /** AEAD AAD prefix for the wrapped master key (PROTOCOL §2.3). */
  wrapAad: P + "wrapped-master-key",
  /** HKDF info: storage record encryption key (PROTOCOL §2.4). */
  storageKey: P + "storage-key",
  /** AEAD AAD prefix for stored records (PROTOCOL §2.4). */
  recordAad: P + "record",
  /** HKDF info: burn-registry HMAC key (PROTOCOL §5). */
  burnKey: P + "burn-key",
  /** HKDF info: key for temporary files (PROTOCOL §2.4). */
  tempKey: P + "temp-key",
  /** HKDF info (from the storage key): MAC key of the freshness anchor and burn accumulator
   * (PROTOCOL §2.6). */
  freshnessKey: P + "freshness-key",

  // --- Unlock rate limit (PROTOCOL §2.5) ---
  /** HKDF info: MAC key of the unlock-attempt record. */
  throttleMac: P + "throttle-mac",

  // --- PNG carrier (docs/protocol/carrier.md) ---
  /** HKDF info: keys the permutation of the carrier's sample slots (PROTOCOL-carrier §3). */
  carrierPermutationKey: P + "carrier/permutation-key",
  /** HKDF info: key that seals the carrier header (PROTOCOL-carrier §4). */
  carrierHeaderKey: P + "carrier/header-key",
  /** AEAD AAD of the carrier header (PROTOCOL-carrier §4). */
  carrierHeaderAad: P + "carrier/header",
  /** HKDF info: the carrier key, from a shared key file or from nothing (PROTOCOL-carrier §2). */
  carrierKey: P + "carrier/key",

  // --- Session setup (PROTOCOL-handshake §12) ---
  /** Ed25519 signature context of the initiator file (PROTOCOL-handshake §3). */
  sigInitiator: P + "sig/initiator",
  /** Ed25519 signature context of the responder file (PROTOCOL-handshake §4). */
  sigResponder: P + "sig/responder",
  /** Tag of the SHA3-256 session-setup transcript hash (PROTOCOL-handshake §7). */
  transcript: P + "transcript",
  /** HKDF info: session root key from the setup (PROTOCOL-handshake §7). */
  rootKey: P + "root-key",
  /** Tag of the SHA3-256 derivation of the code the initiator reads aloud (PROTOCOL-handshake §10). */
  safetyCodeInitiator: P + "safety-code/initiator",
  /** Tag of the SHA3-256 derivation of the code the responder reads aloud (PROTOCOL-handshake §10). */
  safetyCodeResponder: P + "safety-code/responder",

  // --- Envelope: ratchet, header, body (PROTOCOL-envelope §1) ---
  /** HKDF info: initial ratchet keys from the setup root key (PROTOCOL-envelope §2.2). */
  ratchetInit: P + "ratchet/init",
  /** HKDF info: hybrid root step mixing the DH and KEM secrets (PROTOCOL-envelope §3.1). */
  ratchetRoot: P + "ratchet/root",
  /** HMAC message: next chain key of a symmetric step (PROTOCOL-envelope §3.2). */
  ratchetChainKey: P + "ratchet/chain-key",
  /** HMAC message: message key of a symmetric step (PROTOCOL-envelope §3.2). */
  ratchetMessageKey: P + "ratchet/message-key",
  /** HMAC message prefix: a message's secret position, keyed by its chain's header key (PROTOCOL §5). */
  ratchetPosition: P + "ratchet/position",
  /** AEAD AAD of the encrypted envelope header (PROTOCOL-envelope §5.2). */
  envelopeHeaderAad: P + "envelope/header",
  /** HKDF info: envelope body key from the message key (PROTOCOL-envelope §8.1). */
  envelopeBodyKey: P + "envelope/body-key",

  // --- Release signing (HARDENING §4) ---
  /** Ed25519 signature context of a release's SHA256SUMS manifest (HARDENING §4.2). */
  releaseManifest: P + "release-manifest",
} as const;
