import assert from "node:assert/strict";
import { toHex } from "../../../domain/bytes.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { pair, type Party, receive, send, type Sent } from "./fixtures.ts";

Deno.test("Alice and Bob exchange 60 interleaved messages both ways and every key agrees", () => {
  const { alice, bob } = pair("interleaved");
  const schedule = seededRandom("schedule");
  const inFlight: { to: Party; message: Sent }[] = [];
  const keys = new Set<string>();
  let sentByAlice = 0;
  let sentByBob = 0;
  for (let i = 0; i < 60; i++) {
    const [coin, deliver] = schedule.randomBytes(2);
    const from = coin! % 2 === 0 ? alice : bob;
    const message = send(from);
    keys.add(toHex(message.messageKey));
    inFlight.push({ to: from === alice ? bob : alice, message });
    if (from === alice) sentByAlice++;
    else sentByBob++;
    // Deliver some of what is in flight, oldest first per direction (in-order channels).
    const count = deliver! % 3;
    for (let d = 0; d < count && inFlight.length > 0; d++) {
      const next = inFlight.shift()!;
      receive(next.to, next.message);
    }
  }
  for (const rest of inFlight) receive(rest.to, rest.message);
  assert.ok(sentByAlice >= 20 && sentByBob >= 20, `${sentByAlice} / ${sentByBob}`);
  assert.equal(keys.size, 60, "every message key is distinct");
  assert.ok(alice.state.steps > 4, "the ratchet stepped several times");
  assert.equal(alice.state.steps, bob.state.steps);
  assert.deepEqual(alice.state.rootKey, bob.state.rootKey);
});

Deno.test("the responder can send first, before it has received anything", () => {
  const { alice, bob } = pair("bob-first");
  const b1 = send(bob);
  const b2 = send(bob);
  assert.equal(b1.kemStep, false);
  receive(alice, b1);
  receive(alice, b2);
  const a1 = send(alice);
  assert.equal(a1.kemStep, true, "Alice answers Bob's initial chain with step 1");
  receive(bob, a1);
});

Deno.test("the initiator can send first, and the responder does not step on its initial chain", () => {
  const { alice, bob } = pair("alice-first");
  const a1 = send(alice);
  assert.equal(a1.kemStep, false);
  receive(bob, a1);
  const b1 = send(bob);
  assert.equal(b1.kemStep, false, "root steps alternate: step 1 belongs to the initiator");
  receive(alice, b1);
  const a2 = send(alice);
  assert.equal(a2.kemStep, true);
  receive(bob, a2);
  const b2 = send(bob);
  assert.equal(b2.kemStep, true);
  receive(alice, b2);
  assert.equal(alice.state.steps, 2);
});

Deno.test("both parties may send at the same time without breaking the root chain", () => {
  const { alice, bob } = pair("simultaneous");
  const a1 = send(alice);
  const b1 = send(bob);
  receive(bob, a1);
  receive(alice, b1);
  const a2 = send(alice);
  const b2 = send(bob); // Bob has not seen a step yet: still his initial chain.
  assert.equal(a2.kemStep, true);
  assert.equal(b2.kemStep, false);
  receive(alice, b2);
  receive(bob, a2);
  const b3 = send(bob);
  assert.equal(b3.kemStep, true);
  receive(alice, b3);
  assert.deepEqual(alice.state.rootKey, bob.state.rootKey);
});

Deno.test("each new sending chain performs a KEM step that changes the root on both sides", () => {
  const { alice, bob } = pair("kem-steps");
  receive(alice, send(bob)); // Bob's initial chain: Alice must answer with a step.
  let from = alice;
  let to = bob;
  for (let round = 0; round < 4; round++) {
    const rootBefore = from.state.rootKey.slice();
    const peerKemBefore = from.state.peerKemPublic.slice();
    const first = send(from);
    const second = send(from);
    assert.equal(first.kemStep, true, `round ${round}: new chain starts with a KEM step`);
    assert.equal(second.kemStep, false, `round ${round}: same chain, no new step`);
    assert.notDeepEqual(from.state.rootKey, rootBefore, "the sender's root changed");
    const got = receive(to, first);
    assert.equal(got.kemStep, true);
    assert.ok(got.header.kem, "the header carries KEM data, not filler");
    assert.deepEqual(got.header.kem, from.state.sendKem, "exactly the sender's step data");
    // The KEM fields are real: the announced key is the sender's new one, and the receiver
    // now targets it, while the ciphertext was made to the key the sender knew before.
    assert.notDeepEqual(got.header.kem.publicKey, peerKemBefore);
    assert.deepEqual(to.state.peerKemPublic, got.header.kem.publicKey);
    assert.deepEqual(to.state.rootKey, from.state.rootKey, "both roots agree after the step");
    // Every message of a stepped chain repeats the same step data (§4).
    const again = receive(to, second);
    assert.deepEqual(again.header.kem, got.header.kem);
    [from, to] = [to, from];
  }
});

Deno.test("headers of initial chains carry random filler and no KEM flag", () => {
  const { alice, bob } = pair("filler");
  const a1 = send(alice);
  const a2 = send(alice);
  const got1 = receive(bob, a1);
  const got2 = receive(bob, a2);
  assert.equal(got1.header.kem, null);
  assert.equal(got2.header.kem, null);
  assert.equal(a1.header.length, a2.header.length);
});

Deno.test("message counters and previous-chain length follow the Signal rules", () => {
  const { alice, bob } = pair("counters");
  const first = [send(alice), send(alice), send(alice)];
  first.forEach((m, i) => assert.equal(receive(bob, m).header.n, i));
  receive(alice, send(bob));
  const step = receive(bob, send(alice));
  assert.equal(step.header.n, 0);
  assert.equal(step.header.pn, 3, "PN = messages in Alice's previous sending chain");
});
