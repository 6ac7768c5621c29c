/**
 * Writes `tests/vectors/envelope/*.json` (PROTOCOL-envelope §15) from fixed seeds and fixed
 * times. Run from the repository root:
 *
 *   deno run --frozen --allow-read --allow-write scripts/gen_envelope_vectors.ts
 *
 * The output only changes when the protocol (or the seeded stream) changes; the harness
 * `tests/domain/envelope/vectors_test.ts` then fails until the vectors are regenerated and the
 * change is reviewed in the same commit.
 *
 * @module
 */

import { createCrypto } from "../adapters/crypto/crypto_adapter.ts";
import { toHex } from "../domain/bytes.ts";
import {
  type DiscardInput,
  type OpenInput,
  runVectorScript,
  type SealInput,
  type VectorSetup,
} from "../tests/domain/envelope/vector_runner.ts";
import { seededRandom } from "../tests/support/seeded_random.ts";

const crypto = createCrypto();
/** 2026-01-01T00:00:00Z. */
const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

function setupFor(name: string, window: number): VectorSetup {
  const r = seededRandom(`plico envelope vectors: ${name}: setup`);
  return {
    root_key: toHex(r.randomBytes(32)),
    transcript_hash: toHex(r.randomBytes(32)),
    skipped_key_window: window,
    initiator: {
      ratchet_secret: toHex(r.randomBytes(32)),
      kem_seed: toHex(r.randomBytes(64)),
      random_seed: `plico envelope vectors: ${name}: initiator`,
      burn_key: "",
    },
    responder: {
      ratchet_secret: toHex(r.randomBytes(32)),
      kem_seed: toHex(r.randomBytes(64)),
      random_seed: `plico envelope vectors: ${name}: responder`,
      burn_key: "",
    },
  };
}

/** Each party's device burn key, drawn after the rest of the setup. */
function withBurnKeys(name: string, setup: VectorSetup): VectorSetup {
  const r = seededRandom(`plico envelope vectors: ${name}: burn keys`);
  return {
    ...setup,
    initiator: { ...setup.initiator, burn_key: toHex(r.randomBytes(32)) },
    responder: { ...setup.responder, burn_key: toHex(r.randomBytes(32)) },
  };
}

const text = (t: string) => ({ text: t, attachments: [] });
const seal = (
  party: SealInput["party"],
  name: string,
  minute: number,
  pkg: SealInput["package"],
  expires: number | null = null,
): SealInput => ({
  action: "seal",
  party,
  name,
  now_ms: T0 + minute * MINUTE,
  expires_at_ms: expires === null ? null : T0 + expires * MINUTE,
  package: pkg,
});
const discard = (party: DiscardInput["party"], count: number, minute: number): DiscardInput => ({
  action: "discard",
  party,
  count,
  now_ms: T0 + minute * MINUTE,
});
const DAY_MINUTES = 24 * 60;
const open = (
  party: OpenInput["party"],
  envelope: string,
  minute: number,
  flip: number | null = null,
): OpenInput => ({ action: "open", party, envelope, now_ms: T0 + minute * MINUTE, flip_bit: flip });

const VECTORS: {
  file: string;
  description: string;
  window: number;
  steps: (SealInput | OpenInput | DiscardInput)[];
}[] = [
  {
    file: "conversation.json",
    description: "Window 3: out-of-order opening, both initial chains, KEM steps both ways, " +
      "a replay while its chain is current (key_unavailable) and after its chain is gone " +
      "(no header key matches), a flipped bit, an expired envelope and an attachment.",
    window: 3,
    steps: [
      seal("initiator", "a1", 0, {
        text: "Hello Bob — first envelope",
        attachments: [{
          name: "plan.txt",
          media_type: "text/plain",
          data_hex: toHex(new TextEncoder().encode("step 1\n")),
        }],
      }),
      seal("initiator", "a2", 1, text("second, opened first")),
      open("responder", "a2", 5),
      open("responder", "a2", 5),
      open("responder", "a1", 6),
      seal("responder", "b1", 7, text("Hi Alice, from my initial chain")),
      open("initiator", "b1", 8),
      seal("initiator", "a3", 9, text("this one starts a KEM step"), 24 * 60),
      open("responder", "a3", 10),
      seal("responder", "b2", 11, text("Bob's KEM step")),
      seal("responder", "b3", 12, text("same chain as b2")),
      open("initiator", "b3", 13),
      open("initiator", "b2", 14),
      open("responder", "a1", 15),
      seal("initiator", "a4", 16, text("tampered in transit, then delivered intact")),
      open("responder", "a4", 17, 8 * 2386 + 100),
      open("responder", "a4", 18),
      seal("initiator", "a5", 19, text("expires after a minute"), 20),
      open("responder", "a5", 21),
    ],
  },
  {
    file: "strict_order.json",
    description: "Window 0 (strict order): a later envelope opens, the earlier ones are then " +
      "refused; the next chain still works.",
    window: 0,
    steps: [
      seal("initiator", "a1", 0, text("one")),
      seal("initiator", "a2", 1, text("two")),
      seal("initiator", "a3", 2, text("three")),
      open("responder", "a3", 3),
      open("responder", "a1", 4),
      open("responder", "a2", 5),
      seal("responder", "b1", 6, text("reply")),
      open("initiator", "b1", 7),
      seal("initiator", "a4", 8, text("after the step")),
      open("responder", "a4", 9),
    ],
  },
  {
    file: "old_chains.json",
    description: "Window 5: a new chain whose pn is larger than the receiver's Nr (pn > Nr) " +
      "stores the rest of the old chain as skipped keys; one opens from the old chain, is then " +
      "replayed, and another old-chain key expires after 30 days.",
    window: 5,
    steps: [
      seal("initiator", "a1", 0, text("chain 1, message 0")),
      seal("initiator", "a2", 1, text("chain 1, message 1: expires unopened")),
      seal("initiator", "a3", 2, text("chain 1, message 2: opened from the old chain")),
      open("responder", "a1", 3),
      seal("responder", "b1", 4, text("reply, so Alice steps")),
      open("initiator", "b1", 5),
      seal("initiator", "a4", 6, text("chain 2, pn = 3")),
      open("responder", "a4", 7),
      open("responder", "a3", 8),
      open("responder", "a3", 9),
      open("responder", "a2", 7 + 30 * DAY_MINUTES + 1),
    ],
  },
  {
    file: "window_overflow.json",
    description: "Window 2: five envelopes, the last opened first; only the newest two skipped " +
      "keys are kept, so the oldest are refused as unavailable (too late).",
    window: 2,
    steps: [
      seal("initiator", "a1", 0, text("one")),
      seal("initiator", "a2", 1, text("two")),
      seal("initiator", "a3", 2, text("three")),
      seal("initiator", "a4", 3, text("four")),
      seal("initiator", "a5", 4, text("five")),
      open("responder", "a5", 5),
      open("responder", "a1", 6),
      open("responder", "a3", 7),
      open("responder", "a2", 8),
      open("responder", "a4", 9),
    ],
  },
  {
    file: "attachments_and_chunks.json",
    description: "Window 1: an empty text with several attachments (one empty), and a text " +
      "longer than one 64 KiB chunk, first with a bit flipped in its second chunk.",
    window: 1,
    steps: [
      seal("initiator", "m1", 0, {
        text: "",
        attachments: [
          { name: "empty.txt", media_type: "text/plain", data_hex: "" },
          {
            name: "notes.md",
            media_type: "text/markdown",
            data_hex: toHex(new TextEncoder().encode("# Notes\n")),
          },
          { name: "raw.bin", media_type: "application/octet-stream", data_hex: "00ff00ff" },
        ],
      }),
      seal("initiator", "m2", 1, text("0123456789".repeat(7000))),
      open("responder", "m1", 2),
      open("responder", "m2", 3, 8 * (2386 + 65552 + 10)),
      open("responder", "m2", 4),
    ],
  },
  {
    file: "view_only.json",
    description: "PROTOCOL-envelope §10: a package with the view-only flag (version 0x03, flags " +
      "0x01) and one without it (version 0x02) in the same session; both open, the first with " +
      "its flag.",
    window: 1,
    steps: [
      seal("initiator", "v1", 0, {
        text: "look, do not keep",
        attachments: [{
          name: "terms.txt",
          media_type: "text/plain",
          data_hex: toHex(new TextEncoder().encode("for your eyes\n")),
        }],
        view_only: true,
      }),
      seal("initiator", "v2", 1, text("an ordinary one")),
      open("responder", "v1", 2),
      open("responder", "v2", 3),
    ],
  },
  {
    file: "jump_limit.json",
    description: "Window 0: 20 000 envelopes are lost, so the next one needs exactly " +
      "RATCHET_MAX_JUMP = 20 000 chain keys and opens; one after it that the receiver sees " +
      "first would need 20 001 and is refused (envelope.limit), then opens in order.",
    window: 0,
    steps: [
      discard("initiator", 20_000, 0),
      seal("initiator", "a1", 1, text("after 20 000 lost envelopes")),
      seal("initiator", "a2", 2, text("one more")),
      open("responder", "a2", 3),
      open("responder", "a1", 4),
      open("responder", "a2", 5),
    ],
  },
];

if (import.meta.main) {
  for (const v of VECTORS) {
    const setup = withBurnKeys(v.file, setupFor(v.file, v.window));
    const steps = runVectorScript(crypto, setup, v.steps);
    const doc = {
      description: v.description,
      generated_by: "scripts/gen_envelope_vectors.ts",
      setup,
      steps,
    };
    const path = `tests/vectors/envelope/${v.file}`;
    await Deno.writeTextFile(path, JSON.stringify(doc, null, 2) + "\n");
    console.log(`wrote ${path} (${steps.length} steps)`);
  }
}
