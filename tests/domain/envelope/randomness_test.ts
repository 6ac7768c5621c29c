import assert from "node:assert/strict";
import { toHex, u64be } from "../../../domain/bytes.ts";
import { HEADER_BYTES } from "../../../domain/ratchet/ratchet_format.ts";
import { setupInits } from "../ratchet/fixtures.ts";
import { content, openAt, pair, sealFrom, T0 } from "./fixtures.ts";

/**
 * Pearson's chi-square statistic of the byte histogram against the uniform distribution.
 * With 255 degrees of freedom its mean is 255 and its standard deviation about 22.6; a value
 * above 340 has a probability below 10^-4 for random bytes. The inputs are fixed by seeds, so
 * the test is deterministic: it cannot flake, only fail on a real change.
 */
function chiSquare(bytes: Uint8Array): number {
  const counts = new Array<number>(256).fill(0);
  for (const b of bytes) counts[b]!++;
  const expected = bytes.length / 256;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

/** Every 8-byte window of `bytes`, as hex strings. */
function windows(bytes: Uint8Array): Set<string> {
  const hex = toHex(bytes);
  const out = new Set<string>();
  for (let i = 0; i + 16 <= hex.length; i += 2) out.add(hex.slice(i, i + 16));
  return out;
}

/** True when any 8-byte window of `secret` occurs in `seen`. */
function leaks(seen: Set<string>, secret: Uint8Array): boolean {
  const hex = toHex(secret);
  for (let i = 0; i + 16 <= hex.length; i += 2) if (seen.has(hex.slice(i, i + 16))) return true;
  return false;
}

Deno.test("two envelopes of the same size class look uniformly random and leak no identifier", () => {
  const { alice, bob } = pair("histogram");
  // Highly redundant plaintexts: 60 000 and 60 500 letters 'a' fall in the same Padmé class.
  const first = sealFrom(alice, { text: "a".repeat(60_000), attachments: [] });
  const second = sealFrom(alice, { text: "a".repeat(60_500), attachments: [] });
  // Same Padmé class (61 440 bytes); the random extra adds up to 61 440 / 16 to each (§11.1).
  const gap = Math.abs(first.envelope.length - second.envelope.length);
  assert.ok(gap <= 61_440 / 16, "same size class, sizes within the extra padding");
  for (const { envelope } of [first, second]) {
    const chi = chiSquare(envelope);
    assert.ok(chi < 340, `chi-square ${chi.toFixed(1)} for ${envelope.length} bytes`);
  }

  const inits = setupInits("histogram");
  const identifiers: [string, Uint8Array][] = [
    ["transcript hash", inits.alice.transcriptHash],
    ["setup root key", inits.alice.rootKey],
    ["Alice's ratchet key", inits.alice.ownRatchet.publicKey],
    ["Bob's ratchet key", inits.bob.ownRatchet.publicKey],
    ["Alice's ML-KEM key", inits.alice.ownKem!.publicKey],
    ["Bob's ML-KEM key", inits.bob.ownKem!.publicKey],
    ["header key", bob.state.recvHeaderKey],
    ["next header key", bob.state.nextRecvHeaderKey],
    ["message id", first.info.messageId],
    ["creation time", u64be(T0)],
  ];
  for (const { envelope } of [first, second]) {
    const seen = windows(envelope);
    for (const [name, value] of identifiers) assert.ok(!leaks(seen, value), name);
  }
  openAt(bob, first.envelope);
  openAt(bob, second.envelope);
});

Deno.test("headers of initial and stepped chains together look uniformly random", () => {
  const { alice, bob } = pair("headers");
  const headers: Uint8Array[] = [];
  const stepKeys: Uint8Array[] = [];
  for (let round = 0; round < 10; round++) {
    const [from, to] = round % 2 === 0 ? [alice, bob] : [bob, alice];
    const sealed = sealFrom(from, content(`round ${round}`));
    if (sealed.kemStep) stepKeys.push(from.state.sendKem!.publicKey);
    headers.push(sealed.envelope.subarray(0, HEADER_BYTES));
    openAt(to, sealed.envelope);
  }
  assert.ok(stepKeys.length >= 8, "most headers carry a KEM step");
  const all = new Uint8Array(headers.length * HEADER_BYTES);
  headers.forEach((h, i) => all.set(h, i * HEADER_BYTES));
  const chi = chiSquare(all);
  assert.ok(chi < 340, `chi-square ${chi.toFixed(1)}`);
  const seen = windows(all);
  for (const key of stepKeys) assert.ok(!leaks(seen, key), "announced ML-KEM key in clear");
});
