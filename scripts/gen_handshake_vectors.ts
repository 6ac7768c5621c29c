/**
 * Generates the session-setup vectors `tests/vectors/handshake/*.json` (PROTOCOL-handshake §18)
 * from fixed seeds (`seededRandom`) and fixed clocks. Run from the repository root:
 *
 *   deno run --frozen --allow-read --allow-write scripts/gen_handshake_vectors.ts
 *
 * The output is deterministic: running it twice gives identical files. Regenerate only when the
 * protocol changes on purpose, and say so in the commit.
 *
 * @module
 */

import { createCrypto } from "../adapters/crypto/crypto_adapter.ts";
import { concat, toHex, u64be, utf8 } from "../domain/bytes.ts";
import { answerInitiatorFile } from "../domain/handshake/answer.ts";
import { finishHandshake } from "../domain/handshake/finish.ts";
import { INITIATOR, RESPONDER } from "../domain/handshake/format.ts";
import { createInitiatorFile } from "../domain/handshake/initiate.ts";
import { encodePending } from "../domain/handshake/pending.ts";
import type { SessionParams } from "../domain/handshake/params.ts";
import { LABELS } from "../domain/labels.ts";
import {
  INITIATOR_FILE_MAX_AGE_MS,
  RESPONDER_FILE_MAX_AGE_MS,
  SETUP_CLOCK_SKEW_MS,
} from "../domain/limits.ts";
import { fixedClock } from "../tests/support/fixed_clock.ts";
import { seededRandom } from "../tests/support/seeded_random.ts";

const OUT = new URL("../tests/vectors/handshake/", import.meta.url);
const SOURCE = "scripts/gen_handshake_vectors.ts";
const crypto = createCrypto();

/** 2026-01-01T00:00:00Z. */
const T0 = Date.UTC(2026, 0, 1);
const ANSWER_AT = T0 + 5 * 60_000;
const FINISH_AT = T0 + 10 * 60_000;

function identitySecret(name: string): Uint8Array {
  return seededRandom(`plico handshake vector identity ${name}`).randomBytes(32);
}

interface SuccessVector {
  kind: "handshake";
  description: string;
  source: string;
  initiator_random_seed: string;
  responder_random_seed: string;
  initiator_identity_secret: string;
  responder_identity_secret: string;
  lifetime_seconds: number;
  skipped_key_window: number;
  initiator_time_ms: number;
  responder_time_ms: number;
  finish_time_ms: number;
  initiator_file: string;
  pending: string;
  responder_file: string;
  initiator_file_hash: string;
  transcript_hash: string;
  root_key: string;
  initiator_code: string;
  responder_code: string;
}

function success(name: string, description: string, params: SessionParams): SuccessVector {
  const initiatorSeed = `plico handshake vector ${name} initiator`;
  const responderSeed = `plico handshake vector ${name} responder`;
  const alice = identitySecret("alice");
  const bob = identitySecret("bob");
  const start = createInitiatorFile(
    crypto,
    seededRandom(initiatorSeed),
    fixedClock(T0),
    alice,
    params,
  );
  const answer = answerInitiatorFile(
    crypto,
    seededRandom(responderSeed),
    fixedClock(ANSWER_AT),
    bob,
    start.file,
  );
  const done = finishHandshake(crypto, fixedClock(FINISH_AT), start.pending, answer.file);
  if (
    toHex(done.rootKey) !== toHex(answer.result.rootKey) ||
    done.myCode !== answer.result.peerCode || done.peerCode !== answer.result.myCode
  ) {
    throw new Error(`vector ${name}: the two sides disagree`);
  }
  return {
    kind: "handshake",
    description,
    source: SOURCE,
    initiator_random_seed: initiatorSeed,
    responder_random_seed: responderSeed,
    initiator_identity_secret: toHex(alice),
    responder_identity_secret: toHex(bob),
    lifetime_seconds: params.lifetimeSeconds,
    skipped_key_window: params.skippedKeyWindow,
    initiator_time_ms: T0,
    responder_time_ms: ANSWER_AT,
    finish_time_ms: FINISH_AT,
    initiator_file: toHex(start.file),
    pending: toHex(encodePending(start.pending)),
    responder_file: toHex(answer.file),
    initiator_file_hash: toHex(done.initiatorFileHash),
    transcript_hash: toHex(done.transcriptHash),
    root_key: toHex(done.rootKey),
    initiator_code: done.myCode,
    responder_code: done.peerCode,
  };
}

function fromHexString(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

function patched(file: Uint8Array, offset: number, value: Uint8Array): Uint8Array {
  const out = file.slice();
  out.set(value, offset);
  return out;
}

function flipped(file: Uint8Array, offset: number): Uint8Array {
  const out = file.slice();
  out[offset]! ^= 0x01;
  return out;
}

function resign(
  file: Uint8Array,
  bodyLength: number,
  label: string,
  secret: Uint8Array,
): Uint8Array {
  const body = file.slice(0, bodyLength);
  return concat(body, crypto.ed25519Sign(secret, concat(utf8(label), new Uint8Array([0]), body)));
}

/** u = 325606250916557431795983626356110631294008115727848805560023387167927233504 (order 8). */
const LOW_ORDER_X25519 = fromHexString(
  "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
);
/** u = p = 2^255 − 19: not canonical. */
const NON_CANONICAL_X25519 = fromHexString(
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
);

type Case =
  | {
    name: string;
    operation: "answer";
    initiator_file: string;
    responder_random_seed: string;
    responder_identity_secret: string;
    now_ms: number;
    expect: string;
  }
  | {
    name: string;
    operation: "finish";
    pending: string;
    responder_file: string;
    now_ms: number;
    expect: string;
  };

function rejections(base: SuccessVector) {
  const initiator = fromHexString(base.initiator_file);
  const responder = fromHexString(base.responder_file);
  const alice = fromHexString(base.initiator_identity_secret);
  const bob = fromHexString(base.responder_identity_secret);
  const resignI = (f: Uint8Array) => resign(f, INITIATOR.signature, LABELS.sigInitiator, alice);
  const resignR = (f: Uint8Array) => resign(f, RESPONDER.signature, LABELS.sigResponder, bob);
  const answerCase = (
    name: string,
    file: Uint8Array,
    expect: string,
    now = ANSWER_AT,
    who = bob,
  ): Case => ({
    name,
    operation: "answer",
    initiator_file: toHex(file),
    responder_random_seed: base.responder_random_seed,
    responder_identity_secret: toHex(who),
    now_ms: now,
    expect,
  });
  const finishCase = (name: string, file: Uint8Array, expect: string, now = FINISH_AT): Case => ({
    name,
    operation: "finish",
    pending: base.pending,
    responder_file: toHex(file),
    now_ms: now,
    expect,
  });
  const other = createInitiatorFile(
    crypto,
    seededRandom("plico handshake vector other initiator"),
    fixedClock(T0),
    alice,
  );
  const answerToOther = answerInitiatorFile(
    crypto,
    seededRandom(base.responder_random_seed),
    fixedClock(ANSWER_AT),
    bob,
    other.file,
  );
  const kemCoefficientQ = patched(initiator, INITIATOR.kemPublic, new Uint8Array([0x01, 0x0d]));
  kemCoefficientQ[INITIATOR.kemPublic + 1] = (initiator[INITIATOR.kemPublic + 1]! & 0xf0) | 0x0d;
  const cases: Case[] = [
    answerCase(
      "initiator file truncated by one byte",
      initiator.subarray(0, -1),
      "input.malformed",
    ),
    answerCase(
      "initiator file extended by one byte",
      concat(initiator, new Uint8Array(1)),
      "input.malformed",
    ),
    answerCase(
      "initiator signature bit flipped",
      flipped(initiator, INITIATOR.signature + 10),
      "crypto.auth_failed",
    ),
    answerCase(
      "initiator identity swapped for the responder's, old signature",
      patched(initiator, INITIATOR.identity, crypto.ed25519PublicKey(bob)),
      "crypto.auth_failed",
    ),
    answerCase(
      "initiator ephemeral key of order 8, validly signed",
      resignI(patched(initiator, INITIATOR.ephemeral, LOW_ORDER_X25519)),
      "crypto.weak_key",
    ),
    answerCase(
      "initiator ephemeral key u = p (non-canonical), validly signed",
      resignI(patched(initiator, INITIATOR.ephemeral, NON_CANONICAL_X25519)),
      "input.malformed",
    ),
    answerCase(
      "initiator ML-KEM coefficient equal to q, validly signed",
      resignI(kemCoefficientQ),
      "input.malformed",
    ),
    answerCase(
      "initiator unknown flag set, validly signed",
      resignI(patched(initiator, INITIATOR.params + 6, new Uint8Array([0, 1]))),
      "input.malformed",
    ),
    answerCase(
      "initiator of protocol version 1 (never released), validly signed",
      resignI(patched(initiator, 6, new Uint8Array([1]))),
      "input.malformed",
    ),
    answerCase(
      "initiator file answered 7 days + 1 ms after creation",
      initiator,
      "input.expired",
      T0 + INITIATOR_FILE_MAX_AGE_MS + 1,
    ),
    answerCase(
      "initiator file dated beyond the clock skew in the future",
      initiator,
      "input.malformed",
      T0 - SETUP_CLOCK_SKEW_MS - 1,
    ),
    answerCase(
      "initiator file answered with the initiator's own identity",
      initiator,
      "session.conflict",
      ANSWER_AT,
      alice,
    ),
    finishCase(
      "responder file answers a different initiator file",
      answerToOther.file,
      "session.conflict",
    ),
    finishCase(
      "responder file truncated by one byte",
      responder.subarray(0, -1),
      "input.malformed",
    ),
    finishCase(
      "responder ML-KEM ciphertext bit flipped",
      flipped(responder, RESPONDER.kemCiphertext + 500),
      "crypto.auth_failed",
    ),
    finishCase(
      "responder ephemeral key of order 8, validly signed",
      resignR(patched(responder, RESPONDER.ephemeral, LOW_ORDER_X25519)),
      "crypto.weak_key",
    ),
    finishCase(
      "responder initiator-file hash changed, validly signed",
      resignR(flipped(responder, RESPONDER.initiatorHash)),
      "session.conflict",
    ),
    finishCase(
      "responder file finished 7 days + 1 ms after creation",
      responder,
      "input.expired",
      ANSWER_AT + RESPONDER_FILE_MAX_AGE_MS + 1,
    ),
    finishCase(
      "responder file dated before the initiator file beyond the skew, validly signed",
      resignR(patched(responder, RESPONDER.createdAt, u64be(T0 - SETUP_CLOCK_SKEW_MS - 1))),
      "input.malformed",
    ),
  ];
  return {
    kind: "rejections",
    description: "Setup files each setup step must refuse, with the error code it must give. " +
      "Answer cases run answerInitiatorFile with the given responder seed and identity; finish " +
      "cases run finishHandshake with the given pending record. Built from default_params.json.",
    source: SOURCE,
    cases,
  };
}

async function write(name: string, value: unknown): Promise<void> {
  await Deno.writeTextFile(new URL(name, OUT), JSON.stringify(value, null, 2) + "\n");
  console.log(`wrote tests/vectors/handshake/${name}`);
}

if (import.meta.main) {
  const base = success(
    "default",
    "Full setup with the default parameters (365 days, window 100).",
    { lifetimeSeconds: 365 * 86_400, skippedKeyWindow: 100 },
  );
  await write("default_params.json", base);
  await write(
    "strict_order.json",
    success("strict", "Full setup with a 1-hour session in strict order (window 0).", {
      lifetimeSeconds: 3600,
      skippedKeyWindow: 0,
    }),
  );
  await write("rejections.json", rejections(base));
}
