/**
 * The initiator file: 1368 bytes, signed under `plico/v2/sig/initiator` (PROTOCOL-handshake §3).
 * `encode`/`decode` are exact inverses on valid input; `parseInitiatorFile` adds the signature
 * and the time checks (§8).
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { concat, u64be } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { ClockPort, CryptoPort } from "../ports.ts";
import { requireIdentityPublic, requireMlKemPublic, requireX25519Public } from "./canonical.ts";
import { checkRecordShape, encodeHeader, INITIATOR, SIZES } from "./format.ts";
import { decodeSessionParams, encodeSessionParams, type SessionParams } from "./params.ts";
import { checkInitiatorTime, readNow } from "./setup_time.ts";
import { verifySetup } from "./signature.ts";

/** The fields of an initiator file (§3). Buffers are private copies. */
export interface InitiatorFile {
  readonly sessionNonce: Uint8Array;
  readonly identityPublic: Uint8Array;
  readonly ephemeralPublic: Uint8Array;
  readonly kemPublic: Uint8Array;
  readonly params: SessionParams;
  /** Creation time, ms since the Unix epoch. */
  readonly createdAt: number;
  readonly signature: Uint8Array;
}

/** The fields an initiator file signs. */
export type InitiatorBody = Omit<InitiatorFile, "signature">;

function requireLength(value: Uint8Array, length: number, what: string): void {
  if (value.length !== length) {
    throw new PlicoError("crypto.bad_length", `${what} must be ${length} bytes`);
  }
}

/** The first 1304 bytes (everything the signature covers), from fields. */
export function encodeInitiatorBody(body: InitiatorBody): Uint8Array {
  requireLength(body.sessionNonce, SIZES.nonce, "session nonce");
  requireLength(body.identityPublic, SIZES.ed25519Public, "identity key");
  requireLength(body.ephemeralPublic, SIZES.x25519, "ephemeral key");
  requireLength(body.kemPublic, SIZES.mlkemPublic, "ML-KEM key");
  return concat(
    encodeHeader("initiator"),
    body.sessionNonce,
    body.identityPublic,
    body.ephemeralPublic,
    body.kemPublic,
    encodeSessionParams(body.params),
    u64be(body.createdAt),
  );
}

/** The complete 1368-byte file, from fields. */
export function encodeInitiatorFile(file: InitiatorFile): Uint8Array {
  requireLength(file.signature, SIZES.signature, "signature");
  return concat(encodeInitiatorBody(file), file.signature);
}

/**
 * Structural decoding (§8 steps 1–4): exact length, header, parameters, time field and the
 * canonical values of §6. Does not verify the signature; see `parseInitiatorFile`.
 */
export function decodeInitiatorFile(bytes: Uint8Array): InitiatorFile {
  checkRecordShape(bytes, "initiator", INITIATOR.length);
  const params = decodeSessionParams(bytes, INITIATOR.params);
  const r = new ByteReader(bytes, "initiator file");
  const createdAt = r.at(INITIATOR.createdAt).u64("the initiator file's time");
  const file: InitiatorFile = {
    sessionNonce: r.at(INITIATOR.nonce).take(SIZES.nonce),
    identityPublic: r.at(INITIATOR.identity).take(SIZES.ed25519Public),
    ephemeralPublic: r.at(INITIATOR.ephemeral).take(SIZES.x25519),
    kemPublic: r.at(INITIATOR.kemPublic).take(SIZES.mlkemPublic),
    params,
    createdAt,
    signature: r.at(INITIATOR.signature).take(SIZES.signature),
  };
  requireIdentityPublic(file.identityPublic, "the initiator's identity key");
  requireX25519Public(file.ephemeralPublic, "the initiator's ephemeral key");
  requireMlKemPublic(file.kemPublic, "the initiator's ML-KEM key");
  return file;
}

/** Structural decoding plus the signature check (§8 steps 1–5), without the time rules. */
export function decodeSignedInitiatorFile(crypto: CryptoPort, bytes: Uint8Array): InitiatorFile {
  const file = decodeInitiatorFile(bytes);
  verifySetup(
    crypto,
    file.identityPublic,
    LABELS.sigInitiator,
    bytes.subarray(0, INITIATOR.signature),
    file.signature,
    "initiator file",
  );
  return file;
}

/**
 * Full validation of a received initiator file (§8): structure, canonical values, signature,
 * then the time rules against `clock` (future-dated: `input.malformed`; too old:
 * `input.expired`). Nothing secret is touched.
 */
export function parseInitiatorFile(
  crypto: CryptoPort,
  clock: ClockPort,
  bytes: Uint8Array,
): InitiatorFile {
  const file = decodeSignedInitiatorFile(crypto, bytes);
  checkInitiatorTime(file.createdAt, readNow(clock));
  return file;
}
