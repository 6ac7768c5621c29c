/**
 * The initiator's secrets between writing its file and finishing (PROTOCOL-handshake §9):
 * 1472 bytes, `PLICO 0x03 0x01 0x01 || ephemeral secret || ML-KEM seed || initiator file`.
 * The application stores the encoding encrypted; this module never persists anything.
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { concat, timingSafeEqual, wipe } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import type { CryptoPort, KeyPair } from "../ports.ts";
import { checkRecordShape, encodeHeader, INITIATOR, PENDING, SIZES } from "./format.ts";
import { decodeSignedInitiatorFile, type InitiatorFile } from "./initiator_file.ts";

/** The initiator's pending setup. Secret: keep it encrypted at rest, wipe it when done. */
export interface PendingInitiator {
  /** X25519 secret of the file's ephemeral key (32 bytes). */
  readonly ephemeralSecret: Uint8Array;
  /** ML-KEM-768 seed `d || z` of the file's encapsulation key (64 bytes). */
  readonly kemSeed: Uint8Array;
  /** The complete initiator file as sent (1368 bytes). */
  readonly file: Uint8Array;
}

/** A pending record checked for consistency, with its parsed file and re-derived key pairs. */
export interface OpenedPending {
  readonly initiator: InitiatorFile;
  /** Own ephemeral X25519 pair (fresh copies; the caller owns and wipes the secret). */
  readonly ratchet: KeyPair;
  /** Own ML-KEM-768 pair re-derived from the seed (the caller owns and wipes the secret). */
  readonly kem: KeyPair;
}

/** The 1472-byte encoding of a pending record (§9). */
export function encodePending(pending: PendingInitiator): Uint8Array {
  if (
    pending.ephemeralSecret.length !== SIZES.x25519 ||
    pending.kemSeed.length !== SIZES.mlkemSeed || pending.file.length !== INITIATOR.length
  ) {
    throw new PlicoError("crypto.bad_length", "pending session record has wrong field sizes");
  }
  return concat(encodeHeader("pending"), pending.ephemeralSecret, pending.kemSeed, pending.file);
}

/**
 * Check a pending record (§9): its file is a signed initiator file (age not checked) and the
 * secrets give exactly the file's public keys. Throws `input.malformed` otherwise.
 */
export function openPending(crypto: CryptoPort, pending: PendingInitiator): OpenedPending {
  if (
    pending.ephemeralSecret.length !== SIZES.x25519 || pending.kemSeed.length !== SIZES.mlkemSeed
  ) {
    throw new PlicoError("input.malformed", "pending session record has wrong field sizes");
  }
  const initiator = decodeSignedInitiatorFile(crypto, pending.file);
  const ratchetPublic = crypto.x25519PublicKey(pending.ephemeralSecret);
  const kem = crypto.mlkem768KeyPair(pending.kemSeed);
  if (
    !timingSafeEqual(ratchetPublic, initiator.ephemeralPublic) ||
    !timingSafeEqual(kem.publicKey, initiator.kemPublic)
  ) {
    wipe(kem.secretKey);
    throw new PlicoError(
      "input.malformed",
      "pending session record does not match its initiator file",
    );
  }
  return {
    initiator,
    ratchet: { publicKey: ratchetPublic, secretKey: pending.ephemeralSecret.slice() },
    kem,
  };
}

/** Strict decoding of a stored pending record (§9), fully checked by `openPending`. */
export function decodePending(crypto: CryptoPort, bytes: Uint8Array): PendingInitiator {
  checkRecordShape(bytes, "pending", PENDING.length);
  const r = new ByteReader(bytes, "pending session record");
  const pending: PendingInitiator = {
    ephemeralSecret: r.at(PENDING.ephemeralSecret).take(SIZES.x25519),
    kemSeed: r.at(PENDING.kemSeed).take(SIZES.mlkemSeed),
    file: r.at(PENDING.file).take(INITIATOR.length),
  };
  try {
    const opened = openPending(crypto, pending);
    wipe(opened.ratchet.secretKey, opened.kem.secretKey);
  } catch (e) {
    wipePending(pending);
    throw e;
  }
  return pending;
}

/** Overwrite the secrets of a pending record. */
export function wipePending(pending: PendingInitiator): void {
  wipe(pending.ephemeralSecret, pending.kemSeed);
}
