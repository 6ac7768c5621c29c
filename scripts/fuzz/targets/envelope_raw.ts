/**
 * Fuzz target `envelope_raw`: what an attacker on the channel can do. Real envelopes sealed by
 * Alice (text only, large attachments, empty, with expiry, after a DH+KEM step) are mutated as
 * bytes and opened by Bob through `openEnvelope` in-process, against his real profile. A mutated
 * envelope must never open (that would be a forgery), must reveal nothing and must change no
 * state. Some cases are controls — a fresh envelope that must open with exactly its content and
 * burn exactly two tags — and some are replays of opened envelopes ("already opened").
 *
 * @module
 */

import { openEnvelope } from "../../../application/open_envelope.ts";
import { HEADER_BYTES } from "../../../domain/envelope/mod.ts";
import { BODY_SEALED_CHUNK_BYTES } from "../../../domain/envelope/mod.ts";
import { connect, open, seal } from "../../../tests/support/active_session.ts";
import { memoryAttachment, memoryDirectory } from "../../../tests/support/memory_io.ts";
import type { FuzzTarget, PreparedCase } from "../fuzz_target.ts";
import { choppedInput, sameBytes } from "../fuzz_io.ts";
import { mutate } from "../mutate.ts";
import { createRng, type Rng } from "../prng.ts";
import { profileSnapshotter } from "../profile_snapshot.ts";
import { sharedParties } from "../shared_parties.ts";

const DAY_MS = 86_400_000;
const TO_BOB = "Bob (raw)";
const TO_ALICE = "Alice (raw)";
/** One case in this many is a control: a fresh envelope that must open. */
const CONTROL_EVERY = 64;

/** The target. */
export async function envelopeRawTarget(seed: string): Promise<FuzzTarget> {
  const { alice, bob, clock } = await sharedParties();
  connect(alice, bob, undefined, [TO_BOB, TO_ALICE]);
  const fill = createRng(`${seed}/envelope_raw/seeds`);
  const big = fill.bytes(150_000);
  const seeds: Uint8Array[] = [
    await seal(alice, TO_BOB, "hello"),
    await seal(alice, TO_BOB, "ünïcødé ✓ ".repeat(300)),
    await seal(alice, TO_BOB, "two files", [
      memoryAttachment("report.pdf", big, "application/pdf"),
      memoryAttachment("a.txt", fill.bytes(10), "text/plain"),
    ]),
    await seal(alice, TO_BOB, ""),
    await seal(alice, TO_BOB, "expires", [], clock.now() + DAY_MS),
  ];
  // A round trip makes Alice's next envelope start a new chain (DH + ML-KEM step).
  await open(alice, await seal(bob, TO_ALICE, "reply"));
  seeds.push(
    await seal(alice, TO_BOB, "after a step", [memoryAttachment("b.bin", fill.bytes(70_000))]),
  );
  const opened: Uint8Array[] = [];
  const snap = profileSnapshotter(bob.dir);
  let controls = 0;

  const controlCase = async (rng: Rng): Promise<PreparedCase> => {
    const text = `control ${controls++} ${rng.u32()}`;
    const data = rng.bytes(rng.chance(0.5) ? rng.below(100) : rng.between(65_000, 140_000));
    const envelope = await seal(alice, TO_BOB, text, [memoryAttachment("c.bin", data)]);
    const burnedBefore = snap.count("burned");
    return {
      ops: "control",
      run: () => open(bob, envelope),
      verify(result) {
        const r = result as Awaited<ReturnType<typeof open>>;
        opened.push(envelope);
        if (r.text !== text) return "control envelope opened with the wrong text";
        const file = r.files.get("c.bin");
        if (!file || !sameBytes(file, data)) return "control attachment differs";
        const burned = snap.count("burned") - burnedBefore;
        if (burned !== 2) return `control open burned ${burned} tags, expected 2`;
        return null;
      },
    };
  };

  return {
    name: "envelope_raw",
    prepare(rng, index) {
      if (index % CONTROL_EVERY === CONTROL_EVERY - 1) return controlCase(rng);
      const replay = opened.length > 0 && rng.chance(0.1);
      const base = replay ? rng.pick(opened) : rng.pick(seeds);
      let bytes = base;
      let ops = "replay";
      if (!replay || rng.chance(0.5)) {
        const m = mutate(rng, base, {
          donors: seeds,
          chunks: { base: HEADER_BYTES, size: BODY_SEALED_CHUNK_BYTES },
        });
        if (seeds.some((s) => sameBytes(s, m.bytes))) {
          // A splice rebuilt another unopened envelope: not a mutation, so flip one bit.
          m.bytes[rng.below(m.bytes.length)]! ^= 0x80;
        }
        bytes = m.bytes;
        ops = (replay ? "replay+" : "") + m.ops.join("+");
      }
      const dir = memoryDirectory();
      const input = choppedInput(bytes, rng);
      return Promise.resolve({
        ops,
        run: () => openEnvelope(bob.deps, bob.profile, input, dir),
        verify: () => "a mutated or replayed envelope opened (forgery or second open accepted)",
      });
    },
    snapshot: () => snap.fingerprint(),
    close() {
      snap.close();
    },
  };
}
