import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { isCanonicalEd25519Point } from "../../../domain/handshake/canonical.ts";
import {
  decodeInitiatorFile,
  encodeInitiatorFile,
  type InitiatorFile,
} from "../../../domain/handshake/initiator_file.ts";
import { decodePending, encodePending } from "../../../domain/handshake/pending.ts";
import {
  decodeResponderFile,
  encodeResponderFile,
  type ResponderFile,
} from "../../../domain/handshake/responder_file.ts";
import {
  SESSION_LIFETIME_MAX_SECONDS,
  SESSION_LIFETIME_MIN_SECONDS,
} from "../../../domain/limits.ts";
import type { RandomPort } from "../../../domain/ports.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { answer, crypto, start } from "./fixtures.ts";

const RUNS = 200;

function uniform(random: RandomPort, below: number): number {
  // 48 random bits reduced mod `below`: bias is irrelevant for a generator.
  const b = random.randomBytes(6);
  let n = 0;
  for (const x of b) n = n * 256 + x;
  return n % below;
}

function ed25519Like(random: RandomPort): Uint8Array {
  for (;;) {
    const key = random.randomBytes(32);
    if (isCanonicalEd25519Point(key)) return key; // almost always on the first try
  }
}

function x25519Like(random: RandomPort): Uint8Array {
  const key = random.randomBytes(32);
  key[31]! &= 0x3f; // below 2^254 < p: always canonical
  return key;
}

function mlkemLike(random: RandomPort): Uint8Array {
  const key = random.randomBytes(1184);
  for (let i = 0; i < 768; i += 2) {
    const a = uniform(random, 3329), b = uniform(random, 3329);
    const at = (i / 2) * 3;
    key[at] = a & 0xff;
    key[at + 1] = (a >> 8) | ((b & 0x0f) << 4);
    key[at + 2] = b >> 4;
  }
  return key;
}

function time(random: RandomPort): number {
  return uniform(random, 2 ** 48) * 2 ** 5 + uniform(random, 32); // spans the whole safe range
}

function randomInitiator(random: RandomPort): InitiatorFile {
  return {
    sessionNonce: random.randomBytes(32),
    identityPublic: ed25519Like(random),
    ephemeralPublic: x25519Like(random),
    kemPublic: mlkemLike(random),
    params: {
      lifetimeSeconds: SESSION_LIFETIME_MIN_SECONDS +
        uniform(random, SESSION_LIFETIME_MAX_SECONDS - SESSION_LIFETIME_MIN_SECONDS + 1),
      skippedKeyWindow: uniform(random, 1001),
    },
    createdAt: time(random),
    signature: random.randomBytes(64),
  };
}

function randomResponder(random: RandomPort): ResponderFile {
  return {
    initiatorFileHash: random.randomBytes(32),
    identityPublic: ed25519Like(random),
    ephemeralPublic: x25519Like(random),
    kemCiphertext: random.randomBytes(1088),
    kemPublic: mlkemLike(random),
    createdAt: time(random),
    signature: random.randomBytes(64),
  };
}

Deno.test("decodeInitiatorFile(encodeInitiatorFile(x)) equals x, and re-encodes to the same bytes", () => {
  const random = seededRandom("property initiator");
  for (let run = 0; run < RUNS; run++) {
    const x = randomInitiator(random);
    const bytes = encodeInitiatorFile(x);
    assert.equal(bytes.length, 1368);
    const parsed = decodeInitiatorFile(bytes);
    assert.deepEqual(parsed, x);
    assert.deepEqual(encodeInitiatorFile(parsed), bytes);
  }
});

Deno.test("decodeResponderFile(encodeResponderFile(x)) equals x, and re-encodes to the same bytes", () => {
  const random = seededRandom("property responder");
  for (let run = 0; run < RUNS; run++) {
    const x = randomResponder(random);
    const bytes = encodeResponderFile(x);
    assert.equal(bytes.length, 2448);
    const parsed = decodeResponderFile(bytes);
    assert.deepEqual(parsed, x);
    assert.deepEqual(encodeResponderFile(parsed), bytes);
  }
});

Deno.test("anything that decodes re-encodes to exactly the same bytes, even after random damage", () => {
  // age's FuzzMalleability: no second encoding of the same value is ever accepted.
  const alice = start();
  const bob = answer(alice.file);
  const random = seededRandom("property mutation");
  let decoded = 0;
  for (let run = 0; run < 2000; run++) {
    const cases: [Uint8Array, (b: Uint8Array) => Uint8Array][] = [
      [alice.file, (b) => encodeInitiatorFile(decodeInitiatorFile(b))],
      [bob.file, (b) => encodeResponderFile(decodeResponderFile(b))],
    ];
    for (const [file, reencode] of cases) {
      const mutated = file.slice();
      const count = 1 + uniform(random, 4);
      for (let k = 0; k < count; k++) {
        mutated[uniform(random, mutated.length)] = uniform(random, 256);
      }
      let again: Uint8Array;
      try {
        again = reencode(mutated);
      } catch (e) {
        assert.ok(isPlicoError(e, "input.malformed"), String(e));
        continue;
      }
      decoded++;
      assert.deepEqual(again, mutated);
    }
  }
  assert.ok(decoded > 1000, `only ${decoded} mutated files decoded`);
});

Deno.test("pending records round-trip through their encoding", () => {
  for (const seed of ["p1", "p2", "p3"]) {
    const { pending } = start(seed);
    const bytes = encodePending(pending);
    const back = decodePending(crypto, bytes);
    assert.deepEqual(back, pending);
    assert.deepEqual(encodePending(back), bytes);
  }
});

Deno.test("parsed records never alias the caller's buffer", () => {
  const alice = start();
  const copy = alice.file.slice();
  const parsed = decodeInitiatorFile(copy);
  copy.fill(0);
  assert.deepEqual(parsed, decodeInitiatorFile(alice.file));
});
