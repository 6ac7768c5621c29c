import assert from "node:assert/strict";
import { isPlicoError } from "../../../domain/errors.ts";
import type { RatchetState } from "../../../domain/ratchet/ratchet_state.ts";
import {
  decodeRatchetState,
  encodeRatchetState,
  RATCHET_STATE_MAX_BYTES,
} from "../../../domain/ratchet/state_codec.ts";
import { crypto, pair, receive, send } from "./fixtures.ts";

/** States at every kind of point of a conversation, with and without optional parts. */
function sampleStates(): RatchetState[] {
  const { alice, bob } = pair("codec", 6);
  const states: RatchetState[] = [alice.state, bob.state];
  receive(alice, send(bob));
  states.push(alice.state); // initiator, steps 0, pending
  const a = [send(alice), send(alice), send(alice)];
  states.push(alice.state); // initiator, stepped chain
  receive(bob, a[2]!);
  states.push(bob.state); // responder, pending, two skipped keys
  receive(alice, send(bob));
  states.push(bob.state, alice.state);
  return states;
}

const corrupt = (e: unknown) => isPlicoError(e, "profile.corrupt");

Deno.test("every state round-trips, and anything that decodes re-encodes to the same bytes", () => {
  for (const state of sampleStates()) {
    const bytes = encodeRatchetState(state);
    const decoded = decodeRatchetState(crypto, bytes);
    assert.deepEqual(decoded, state);
    assert.deepEqual(encodeRatchetState(decoded), bytes);
  }
});

Deno.test("a state that is truncated or extended anywhere is refused", () => {
  for (const state of sampleStates()) {
    const bytes = encodeRatchetState(state);
    for (let cut = 0; cut < bytes.length; cut += 97) {
      assert.throws(() => decodeRatchetState(crypto, bytes.subarray(0, cut)), corrupt, `${cut}`);
    }
    assert.throws(() => decodeRatchetState(crypto, bytes.subarray(0, bytes.length - 1)), corrupt);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    assert.throws(() => decodeRatchetState(crypto, longer), corrupt);
  }
});

Deno.test("bad version, role, window, flags and step invariants are refused", () => {
  const states = sampleStates();
  const bytes = encodeRatchetState(states[4]!); // responder, pending, with skipped keys
  const edits: [string, (b: Uint8Array) => void][] = [
    ["version", (b) => (b[0] = 2)],
    ["role 0", (b) => (b[1] = 0)],
    ["role 3", (b) => (b[1] = 3)],
    ["window over 1000", (b) => new DataView(b.buffer).setUint16(2, 1001)],
    ["window below the count", (b) => new DataView(b.buffer).setUint16(2, 1)],
    ["unknown flag", (b) => (b[8] = 0x03)],
    ["pending cleared though the peer stepped", (b) => (b[8] = 0)],
    ["step count implying other optional parts", (b) => new DataView(b.buffer).setUint32(4, 2)],
  ];
  for (const [what, edit] of edits) {
    const copy = bytes.slice();
    edit(copy);
    assert.throws(() => decodeRatchetState(crypto, copy), corrupt, what);
  }
});

Deno.test("duplicate skipped keys, impossible expiry and a wrong secret key are refused", () => {
  const states = sampleStates();
  const withSkipped = encodeRatchetState(states[4]!);
  const entry = 76;
  const first = withSkipped.length - 2 * entry;
  const duplicate = withSkipped.slice();
  duplicate.copyWithin(first + entry, first, first + entry);
  assert.throws(() => decodeRatchetState(crypto, duplicate), corrupt, "duplicate");
  const expiry = withSkipped.slice();
  expiry.fill(0xff, first + 68, first + 76);
  assert.throws(() => decodeRatchetState(crypto, expiry), corrupt, "expiry");

  const responder = encodeRatchetState(states[1]!); // owns its secrets
  const wrongSecret = responder.slice();
  wrongSecret[1500]! ^= 1; // not in the low three bits, which X25519 clamps away
  assert.throws(() => decodeRatchetState(crypto, wrongSecret), corrupt, "secret mismatch");
});

Deno.test("the largest state stays within RATCHET_STATE_MAX_BYTES", () => {
  for (const state of sampleStates()) {
    assert.ok(encodeRatchetState(state).length <= RATCHET_STATE_MAX_BYTES);
  }
  assert.equal(RATCHET_STATE_MAX_BYTES, 82_199);
});
