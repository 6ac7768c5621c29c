import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import { finishHandshake } from "../../../domain/handshake/finish.ts";
import { parseInitiatorFile } from "../../../domain/handshake/initiator_file.ts";
import { parseResponderFile } from "../../../domain/handshake/responder_file.ts";
import {
  INITIATOR_FILE_MAX_AGE_MS,
  RESPONDER_FILE_MAX_AGE_MS,
  SETUP_CLOCK_SKEW_MS,
} from "../../../domain/limits.ts";
import { u64be } from "../../../domain/bytes.ts";
import { INITIATOR, RESPONDER } from "../../../domain/handshake/format.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import {
  answer,
  crypto,
  identity,
  patched,
  resignInitiator,
  resignResponder,
  start,
  T0,
} from "./fixtures.ts";

const expired = (e: unknown) => isPlicoError(e, "input.expired");
const future = (e: unknown) =>
  isPlicoError(e, "input.malformed") && /in the future/.test(e.message);

Deno.test("an initiator file is answered up to exactly 7 days after its creation, not later", () => {
  const alice = start();
  answer(alice.file, "bob", T0 + INITIATOR_FILE_MAX_AGE_MS);
  assert.throws(() => answer(alice.file, "bob", T0 + INITIATOR_FILE_MAX_AGE_MS + 1), expired);
  assert.throws(
    () => parseInitiatorFile(crypto, fixedClock(T0 + 30 * 86_400_000), alice.file),
    expired,
  );
});

Deno.test("a future-dated initiator file is refused beyond the clock skew", () => {
  const alice = start();
  answer(alice.file, "bob", T0 - SETUP_CLOCK_SKEW_MS);
  assert.throws(() => answer(alice.file, "bob", T0 - SETUP_CLOCK_SKEW_MS - 1), future);
  assert.throws(() => parseInitiatorFile(crypto, fixedClock(T0 - 86_400_000), alice.file), future);
});

Deno.test("a responder file is accepted up to exactly 7 days after its creation, not later", () => {
  const alice = start();
  const bob = answer(alice.file, "bob", T0 + 1000);
  finishHandshake(
    crypto,
    fixedClock(T0 + 1000 + RESPONDER_FILE_MAX_AGE_MS),
    alice.pending,
    bob.file,
  );
  assert.throws(
    () =>
      finishHandshake(
        crypto,
        fixedClock(T0 + 1000 + RESPONDER_FILE_MAX_AGE_MS + 1),
        alice.pending,
        bob.file,
      ),
    expired,
  );
});

Deno.test("a future-dated responder file is refused beyond the clock skew", () => {
  const alice = start();
  const bob = answer(alice.file, "bob", T0 + 3_600_000);
  const at = (t: number) => fixedClock(t);
  finishHandshake(crypto, at(T0 + 3_600_000 - SETUP_CLOCK_SKEW_MS), alice.pending, bob.file);
  assert.throws(
    () =>
      finishHandshake(
        crypto,
        at(T0 + 3_600_000 - SETUP_CLOCK_SKEW_MS - 1),
        alice.pending,
        bob.file,
      ),
    future,
  );
  assert.throws(() => parseResponderFile(crypto, at(T0), bob.file), future);
});

/** Bob's answer re-dated to `createdAt` and validly re-signed by Bob (a badly dated file). */
function redated(file: Uint8Array, createdAt: number): Uint8Array {
  return resignResponder(patched(file, RESPONDER.createdAt, u64be(createdAt)), identity("bob"));
}

Deno.test("an answer dated before its question, beyond the skew, is refused", () => {
  const alice = start();
  const bob = answer(alice.file);
  const atBound = redated(bob.file, T0 - SETUP_CLOCK_SKEW_MS);
  finishHandshake(crypto, fixedClock(T0), alice.pending, atBound);
  const tooEarly = redated(bob.file, T0 - SETUP_CLOCK_SKEW_MS - 1);
  assert.throws(
    () => finishHandshake(crypto, fixedClock(T0), alice.pending, tooEarly),
    (e) => isPlicoError(e, "input.malformed") && /dated before/.test(e.message),
  );
});

Deno.test("an answer dated after its question had expired is refused", () => {
  const alice = start();
  const bob = answer(alice.file);
  const last = T0 + INITIATOR_FILE_MAX_AGE_MS + SETUP_CLOCK_SKEW_MS;
  finishHandshake(crypto, fixedClock(last), alice.pending, redated(bob.file, last));
  assert.throws(
    () => finishHandshake(crypto, fixedClock(last + 1), alice.pending, redated(bob.file, last + 1)),
    (e) => isPlicoError(e, "input.expired") && /already expired/.test(e.message),
  );
});

Deno.test("a creation time beyond the safe-integer range is refused as malformed", () => {
  const alice = start();
  const bob = answer(alice.file);
  const huge = new Uint8Array(8).fill(0xff);
  const initiator = resignInitiator(
    patched(alice.file, INITIATOR.createdAt, huge),
    identity("alice"),
  );
  assert.throws(
    () => answer(initiator),
    (e) => isPlicoError(e, "input.malformed") && /out of range/.test(e.message),
  );
  const responder = resignResponder(patched(bob.file, RESPONDER.createdAt, huge), identity("bob"));
  assert.throws(
    () => finishHandshake(crypto, fixedClock(T0), alice.pending, responder),
    (e) => isPlicoError(e, "input.malformed") && /out of range/.test(e.message),
  );
});

Deno.test("a broken clock is an internal error, never a valid time", () => {
  const alice = start();
  for (const now of [Number.NaN, -1, 1.5, 2 ** 53]) {
    assert.throws(
      () => parseInitiatorFile(crypto, { now: () => now }, alice.file),
      (e) => isPlicoError(e, "internal"),
      String(now),
    );
  }
});
