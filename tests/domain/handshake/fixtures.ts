/**
 * Shared setup of the handshake tests: real crypto, seeded randomness, fixed clocks, and a
 * helper that re-signs crafted file bodies with a valid identity, so tests can show which check
 * (and not the signature) refuses a value.
 *
 * @module
 */

import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { concat, utf8 } from "../../../domain/bytes.ts";
import { LABELS } from "../../../domain/labels.ts";
import type { CryptoPort } from "../../../domain/ports.ts";
import { answerInitiatorFile } from "../../../domain/handshake/answer.ts";
import { INITIATOR, RESPONDER } from "../../../domain/handshake/format.ts";
import { createInitiatorFile, type InitiatorStart } from "../../../domain/handshake/initiate.ts";
import type { ResponderAnswer } from "../../../domain/handshake/answer.ts";
import type { SessionParams } from "../../../domain/handshake/params.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import { seededRandom } from "../../support/seeded_random.ts";

/** One crypto adapter for all handshake tests. */
export const crypto: CryptoPort = createCrypto();

/** 2026-01-01T00:00:00Z in ms: the time every test starts from. */
export const T0 = Date.UTC(2026, 0, 1);

/** A 32-byte identity secret named by `name` (deterministic). */
export function identity(name: string): Uint8Array {
  return seededRandom(`identity:${name}`).randomBytes(32);
}

/** Alice's initiator file at `time`, from randomness named by `seed`. */
export function start(
  seed = "alice",
  time = T0,
  secret = identity("alice"),
  params?: SessionParams,
): InitiatorStart {
  return createInitiatorFile(crypto, seededRandom(seed), fixedClock(time), secret, params);
}

/** Bob's answer to `file` at `time`, from randomness named by `seed`. */
export function answer(
  file: Uint8Array,
  seed = "bob",
  time = T0 + 60_000,
  secret = identity("bob"),
): ResponderAnswer {
  return answerInitiatorFile(crypto, seededRandom(seed), fixedClock(time), secret, file);
}

/** Replace the signature of an initiator file body with a valid one by `secret`. */
export function resignInitiator(file: Uint8Array, secret: Uint8Array): Uint8Array {
  const body = file.slice(0, INITIATOR.signature);
  const message = concat(utf8(LABELS.sigInitiator), new Uint8Array([0]), body);
  return concat(body, crypto.ed25519Sign(secret, message));
}

/** Replace the signature of a responder file body with a valid one by `secret`. */
export function resignResponder(file: Uint8Array, secret: Uint8Array): Uint8Array {
  const body = file.slice(0, RESPONDER.signature);
  const message = concat(utf8(LABELS.sigResponder), new Uint8Array([0]), body);
  return concat(body, crypto.ed25519Sign(secret, message));
}

/** `file` with `value` written at `offset` (a copy). */
export function patched(file: Uint8Array, offset: number, value: Uint8Array): Uint8Array {
  const out = file.slice();
  out.set(value, offset);
  return out;
}

/** Little-endian 32-byte encoding of `n` (X25519 u-coordinates, Ed25519 y). */
export function le32(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** The field prime 2^255 − 19. */
export const P = 2n ** 255n - 19n;
