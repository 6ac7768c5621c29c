/**
 * Shared setup of the ratchet tests: real crypto, a pair of initial states built the way a
 * completed setup would hand them over, and small helpers to send and receive.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import type { CryptoPort, RandomPort } from "../../../domain/ports.ts";
import { initRatchet, type RatchetInit } from "../../../domain/ratchet/init_ratchet.ts";
import {
  ratchetDecrypt,
  type RatchetDecryptOk,
  type RatchetDecryptResult,
} from "../../../domain/ratchet/ratchet_decrypt.ts";
import {
  ratchetEncrypt,
  type RatchetEncryptResult,
} from "../../../domain/ratchet/ratchet_encrypt.ts";
import { HEADER_EXTRA_BYTES } from "../../../domain/ratchet/ratchet_format.ts";
import type { RatchetState } from "../../../domain/ratchet/ratchet_state.ts";
import { seededRandom } from "../../support/seeded_random.ts";

/** One crypto adapter for all ratchet tests. */
export const crypto: CryptoPort = createCrypto();

/** 2026-01-01T00:00:00Z in ms. */
export const T0 = Date.UTC(2026, 0, 1);

/** The two `RatchetInit`s a setup would produce, from randomness named by `seed`. */
export function setupInits(seed: string, window = 10): { alice: RatchetInit; bob: RatchetInit } {
  const r = seededRandom(`setup:${seed}`);
  const rootKey = r.randomBytes(32);
  const transcriptHash = r.randomBytes(32);
  const aliceDh = r.randomBytes(32);
  const bobDh = r.randomBytes(32);
  const aliceKem = crypto.mlkem768KeyPair(r.randomBytes(64));
  const bobKem = crypto.mlkem768KeyPair(r.randomBytes(64));
  const alicePair = { publicKey: crypto.x25519PublicKey(aliceDh), secretKey: aliceDh };
  const bobPair = { publicKey: crypto.x25519PublicKey(bobDh), secretKey: bobDh };
  const common = { rootKey, transcriptHash, skippedKeyWindow: window };
  return {
    alice: {
      ...common,
      role: "initiator",
      ownRatchet: alicePair,
      peerRatchetPublic: bobPair.publicKey,
      ownKem: aliceKem,
      peerKemPublic: bobKem.publicKey,
    },
    bob: {
      ...common,
      role: "responder",
      ownRatchet: bobPair,
      peerRatchetPublic: alicePair.publicKey,
      ownKem: bobKem,
      peerKemPublic: aliceKem.publicKey,
    },
  };
}

/** A party of a test conversation: its committed state and its random stream. */
export interface Party {
  state: RatchetState;
  readonly random: RandomPort;
}

/** Alice (initiator) and Bob (responder) right after the setup. */
export function pair(seed = "pair", window = 10): { alice: Party; bob: Party } {
  const inits = setupInits(seed, window);
  return {
    alice: { state: initRatchet(crypto, inits.alice), random: seededRandom(`alice:${seed}`) },
    bob: { state: initRatchet(crypto, inits.bob), random: seededRandom(`bob:${seed}`) },
  };
}

/** A 33-byte `extra` that names the message, so tests can check which one they got. */
export function extraFor(label: number): Uint8Array {
  const extra = new Uint8Array(HEADER_EXTRA_BYTES);
  new DataView(extra.buffer).setUint32(0, label, false);
  return extra;
}

/** A sent message: its header and its key as the sender saw it. */
export interface Sent extends RatchetEncryptResult {
  readonly label: number;
}

let nextLabel = 1;

/** `from` encrypts one message and commits its new state. */
export function send(from: Party): Sent {
  const label = nextLabel++;
  const result = ratchetEncrypt(crypto, from.random, from.state, extraFor(label));
  from.state = result.state;
  return { ...result, label };
}

/** `to` decrypts `message`, asserts the key matches, commits, and returns the result. */
export function receive(to: Party, message: Sent, now = T0): RatchetDecryptOk {
  const result = ratchetDecrypt(crypto, to.state, message.header, now);
  assert.ok(result, `message ${message.label}: no header key matched`);
  assert.equal(result.kind, "ok", `message ${message.label}: key unavailable`);
  const ok = result as RatchetDecryptOk;
  assert.deepEqual(ok.messageKey, message.messageKey, `message ${message.label}: key differs`);
  assert.deepEqual(ok.header.extra, extraFor(message.label));
  to.state = ok.state;
  return ok;
}

/** Decrypts without committing. */
export function tryReceive(to: Party, message: Sent, now = T0): RatchetDecryptResult | null {
  return ratchetDecrypt(crypto, to.state, message.header, now);
}
