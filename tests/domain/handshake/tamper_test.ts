import assert from "node:assert/strict";
import { concat } from "../../../domain/bytes.ts";
import { type ErrorCode, isPlicoError } from "../../../domain/errors.ts";
import { finishHandshake } from "../../../domain/handshake/finish.ts";
import { parseInitiatorFile } from "../../../domain/handshake/initiator_file.ts";
import { encodePending } from "../../../domain/handshake/pending.ts";
import { parseResponderFile } from "../../../domain/handshake/responder_file.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import { answer, crypto, start, T0 } from "./fixtures.ts";

/** Every refusal of a damaged file is one of these structural or authentication errors. */
const DAMAGE_CODES: readonly ErrorCode[] = ["input.malformed", "crypto.auth_failed"];

function refusedAsDamage(e: unknown): boolean {
  return isPlicoError(e) && DAMAGE_CODES.includes(e.code);
}

/** One flipped bit per byte position, cycling through the bit index so all 8 are exercised. */
function flipped(file: Uint8Array, position: number): Uint8Array {
  const out = file.slice();
  out[position]! ^= 1 << (position % 8);
  return out;
}

Deno.test("a flipped bit at any byte of the initiator file is refused before answering", () => {
  const alice = start();
  const clock = fixedClock(T0 + 60_000);
  parseInitiatorFile(crypto, clock, alice.file); // the intact file passes
  for (let i = 0; i < alice.file.length; i++) {
    assert.throws(() => answer(flipped(alice.file, i)), refusedAsDamage, `byte ${i}`);
  }
});

Deno.test("a flipped bit at any byte of the responder file is refused and pending is unchanged", () => {
  const alice = start();
  const bob = answer(alice.file);
  const clock = fixedClock(T0 + 120_000);
  const pendingBefore = encodePending(alice.pending);
  parseResponderFile(crypto, clock, bob.file); // the intact file passes
  for (let i = 0; i < bob.file.length; i++) {
    assert.throws(
      () => finishHandshake(crypto, clock, alice.pending, flipped(bob.file, i)),
      refusedAsDamage,
      `byte ${i}`,
    );
  }
  assert.deepEqual(encodePending(alice.pending), pendingBefore);
  // And the genuine answer still finishes afterwards: nothing was burnt by the failures.
  const done = finishHandshake(crypto, clock, alice.pending, bob.file);
  assert.equal(done.peerCode, bob.result.myCode);
});

Deno.test("truncated and extended setup files are refused with their exact length", () => {
  const alice = start();
  const bob = answer(alice.file);
  const clock = fixedClock(T0 + 120_000);
  const lengthError = (want: number) => (e: unknown) =>
    isPlicoError(e, "input.malformed") && e.message.includes(`exactly ${want} bytes`);
  for (const cut of [0, 1, 7, 8, 100, alice.file.length - 64, alice.file.length - 1]) {
    assert.throws(
      () => answer(alice.file.subarray(0, cut)),
      (e) => isPlicoError(e, "input.malformed"),
    );
  }
  for (const extra of [1, 64, 4096]) {
    const longer = concat(alice.file, new Uint8Array(extra));
    assert.throws(() => answer(longer), lengthError(1368), `+${extra}`);
  }
  for (const cut of [9, bob.file.length - 1]) {
    assert.throws(
      () => finishHandshake(crypto, clock, alice.pending, bob.file.subarray(0, cut)),
      lengthError(2448),
    );
  }
  for (const extra of [1, 2448]) {
    assert.throws(
      () => finishHandshake(crypto, clock, alice.pending, concat(bob.file, new Uint8Array(extra))),
      lengthError(2448),
    );
  }
});
