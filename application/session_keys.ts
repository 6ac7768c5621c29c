/**
 * The secrets a session holds between setup and its first envelope (PROTOCOL §4.1): what the
 * handshake produced for starting the ratchet. Stored as a sealed field; decoded strictly.
 *
 * @module
 */

import { concat } from "../domain/bytes.ts";
import { PlicoError } from "../domain/errors.ts";
import type { HandshakeResult } from "../domain/handshake/mod.ts";
import type { KeyPair } from "../domain/ports.ts";

const VERSION = 1;
const LAYOUT = [
  ["rootKey", 32],
  ["ratchetSecret", 32],
  ["ratchetPublic", 32],
  ["peerRatchetPublic", 32],
  ["kemSecret", 2400],
  ["kemPublic", 1184],
  ["peerKemPublic", 1184],
  ["sessionNonce", 32],
  ["transcriptHash", 32],
] as const;
/** Encoded length of the session keys. */
const SESSION_KEYS_BYTES = 1 + LAYOUT.reduce((n, [, len]) => n + len, 0);

/** The handshake secrets needed to start the ratchet. */
export interface SessionKeys {
  readonly rootKey: Uint8Array;
  readonly ownRatchet: KeyPair;
  readonly peerRatchetPublic: Uint8Array;
  readonly ownKem: KeyPair;
  readonly peerKemPublic: Uint8Array;
  readonly sessionNonce: Uint8Array;
  readonly transcriptHash: Uint8Array;
}

/** Encodes the keys of a handshake result. */
export function encodeSessionKeys(r: HandshakeResult | SessionKeys): Uint8Array {
  return concat(
    new Uint8Array([VERSION]),
    r.rootKey,
    r.ownRatchet.secretKey,
    r.ownRatchet.publicKey,
    r.peerRatchetPublic,
    r.ownKem.secretKey,
    r.ownKem.publicKey,
    r.peerKemPublic,
    r.sessionNonce,
    r.transcriptHash,
  );
}

/** Decodes session keys; `profile.corrupt` on any wrong length or version. */
export function decodeSessionKeys(bytes: Uint8Array): SessionKeys {
  if (bytes.length !== SESSION_KEYS_BYTES || bytes[0] !== VERSION) {
    throw new PlicoError("profile.corrupt", "stored session keys are malformed");
  }
  const part: Record<string, Uint8Array> = {};
  let at = 1;
  for (const [name, len] of LAYOUT) {
    part[name] = bytes.slice(at, at + len);
    at += len;
  }
  return {
    rootKey: part.rootKey!,
    ownRatchet: { secretKey: part.ratchetSecret!, publicKey: part.ratchetPublic! },
    peerRatchetPublic: part.peerRatchetPublic!,
    ownKem: { secretKey: part.kemSecret!, publicKey: part.kemPublic! },
    peerKemPublic: part.peerKemPublic!,
    sessionNonce: part.sessionNonce!,
    transcriptHash: part.transcriptHash!,
  };
}
