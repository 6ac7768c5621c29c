/**
 * What a completed session setup hands to later layers (PROTOCOL-handshake §7): enough to start
 * a double ratchet with a KEM step, and the safety code the user must confirm. Never the raw
 * DH or KEM secrets.
 *
 * @module
 */

import { wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import type { KeyPair } from "../ports.ts";
import type { SessionParams } from "./params.ts";

/** Which side of the setup this party played. */
export type HandshakeRole = "initiator" | "responder";

/** The outcome of a session setup, identical on both sides except for the own/peer fields. */
export interface HandshakeResult {
  readonly role: HandshakeRole;
  /** SHA3-256 transcript of both complete files (32 bytes, public). */
  readonly transcriptHash: Uint8Array;
  /** Root key for the ratchet (32 bytes, secret). */
  readonly rootKey: Uint8Array;
  /**
   * The code this side reads aloud to the peer (30 digits; format with `formatSafetyCode`).
   * It is never the code this side must type.
   */
  readonly myCode: string;
  /** The code the peer reads aloud, which this side's user must type (`safetyCodeMatches`). */
  readonly peerCode: string;
  /** The initiator's 32-byte session nonce. */
  readonly sessionNonce: Uint8Array;
  /** SHA3-256 of the initiator file: the natural key of the session for deduplication (§14). */
  readonly initiatorFileHash: Uint8Array;
  readonly params: SessionParams;
  /** Initiator file creation time, ms since the Unix epoch. */
  readonly createdAt: number;
  /** Responder file creation time, ms since the Unix epoch: the session starts here. */
  readonly answeredAt: number;
  /** `answeredAt + lifetimeSeconds · 1000` (§5). */
  readonly expiresAt: number;
  readonly ownIdentityPublic: Uint8Array;
  readonly peerIdentityPublic: Uint8Array;
  /** Own ephemeral X25519 key pair of the setup: the first ratchet key pair (secret owned). */
  readonly ownRatchet: KeyPair;
  /** Peer's ephemeral X25519 public key: the peer's first ratchet key. */
  readonly peerRatchetPublic: Uint8Array;
  /** Own ML-KEM-768 key pair (secret owned): the peer's first KEM step encapsulates to it. */
  readonly ownKem: KeyPair;
  /** Peer's latest ML-KEM-768 encapsulation key: the target of our first KEM step. */
  readonly peerKemPublic: Uint8Array;
}

/** Session expiry (§5); refuses a time that would leave the safe-integer range. */
export function sessionExpiry(answeredAt: number, params: SessionParams): number {
  const expiresAt = answeredAt + params.lifetimeSeconds * 1000;
  if (!Number.isSafeInteger(expiresAt)) {
    throw new PlicoError("input.malformed", "session expiry is out of range");
  }
  return expiresAt;
}

/** Overwrite the secrets a result owns: root key and both own secret keys. */
export function wipeHandshakeResult(result: HandshakeResult): void {
  wipe(result.rootKey, result.ownRatchet.secretKey, result.ownKem.secretKey);
}
