/**
 * The responder file: 2448 bytes, signed under `plico/v2/sig/responder` (PROTOCOL-handshake §4).
 * `encode`/`decode` are exact inverses on valid input; `parseResponderFile` adds the signature
 * and the responder's own time checks (§8). Binding to one initiator file is checked when
 * finishing (`finishHandshake`).
 *
 * @module
 */

import { ByteReader } from "../byte_reader.ts";
import { concat, u64be } from "../bytes.ts";
import { PlicoError } from "../errors.ts";
import { LABELS } from "../labels.ts";
import type { ClockPort, CryptoPort } from "../ports.ts";
import { requireIdentityPublic, requireMlKemPublic, requireX25519Public } from "./canonical.ts";
import { checkRecordShape, encodeHeader, RESPONDER, SIZES } from "./format.ts";
import { checkResponderTime, readNow } from "./setup_time.ts";
import { verifySetup } from "./signature.ts";

/** The fields of a responder file (§4). Buffers are private copies. */
export interface ResponderFile {
  /** SHA3-256 of the complete initiator file this file answers. */
  readonly initiatorFileHash: Uint8Array;
  readonly identityPublic: Uint8Array;
  readonly ephemeralPublic: Uint8Array;
  readonly kemCiphertext: Uint8Array;
  /** The responder's fresh ML-KEM-768 key for later ratchet steps. */
  readonly kemPublic: Uint8Array;
  /** Creation time, ms since the Unix epoch. */
  readonly createdAt: number;
  readonly signature: Uint8Array;
}

/** The fields a responder file signs. */
export type ResponderBody = Omit<ResponderFile, "signature">;

function requireLength(value: Uint8Array, length: number, what: string): void {
  if (value.length !== length) {
    throw new PlicoError("crypto.bad_length", `${what} must be ${length} bytes`);
  }
}

/** The first 2384 bytes (everything the signature covers), from fields. */
export function encodeResponderBody(body: ResponderBody): Uint8Array {
  requireLength(body.initiatorFileHash, SIZES.hash, "initiator file hash");
  requireLength(body.identityPublic, SIZES.ed25519Public, "identity key");
  requireLength(body.ephemeralPublic, SIZES.x25519, "ephemeral key");
  requireLength(body.kemCiphertext, SIZES.mlkemCiphertext, "ML-KEM ciphertext");
  requireLength(body.kemPublic, SIZES.mlkemPublic, "ML-KEM key");
  return concat(
    encodeHeader("responder"),
    body.initiatorFileHash,
    body.identityPublic,
    body.ephemeralPublic,
    body.kemCiphertext,
    body.kemPublic,
    u64be(body.createdAt),
  );
}

/** The complete 2448-byte file, from fields. */
export function encodeResponderFile(file: ResponderFile): Uint8Array {
  requireLength(file.signature, SIZES.signature, "signature");
  return concat(encodeResponderBody(file), file.signature);
}

/**
 * Structural decoding (§8 steps 1–4): exact length, header, time field and the canonical values
 * of §6. Does not verify the signature; see `parseResponderFile`.
 */
export function decodeResponderFile(bytes: Uint8Array): ResponderFile {
  checkRecordShape(bytes, "responder", RESPONDER.length);
  const r = new ByteReader(bytes, "responder file");
  const createdAt = r.at(RESPONDER.createdAt).u64("the responder file's time");
  const file: ResponderFile = {
    initiatorFileHash: r.at(RESPONDER.initiatorHash).take(SIZES.hash),
    identityPublic: r.at(RESPONDER.identity).take(SIZES.ed25519Public),
    ephemeralPublic: r.at(RESPONDER.ephemeral).take(SIZES.x25519),
    kemCiphertext: r.at(RESPONDER.kemCiphertext).take(SIZES.mlkemCiphertext),
    kemPublic: r.at(RESPONDER.kemPublic).take(SIZES.mlkemPublic),
    createdAt,
    signature: r.at(RESPONDER.signature).take(SIZES.signature),
  };
  requireIdentityPublic(file.identityPublic, "the responder's identity key");
  requireX25519Public(file.ephemeralPublic, "the responder's ephemeral key");
  requireMlKemPublic(file.kemPublic, "the responder's ML-KEM key");
  return file;
}

/**
 * Full validation of a received responder file on its own (§8 steps 1–6): structure, canonical
 * values, signature, and its time against `clock`. The result's `initiatorFileHash` tells the
 * application which pending session it answers; `finishHandshake` checks the binding.
 */
export function parseResponderFile(
  crypto: CryptoPort,
  clock: ClockPort,
  bytes: Uint8Array,
): ResponderFile {
  const file = decodeResponderFile(bytes);
  verifySetup(
    crypto,
    file.identityPublic,
    LABELS.sigResponder,
    bytes.subarray(0, RESPONDER.signature),
    file.signature,
    "responder file",
  );
  checkResponderTime(file.createdAt, readNow(clock));
  return file;
}
