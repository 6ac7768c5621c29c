import assert from "node:assert/strict";
import { createCrypto } from "../../../adapters/crypto/crypto_adapter.ts";
import { join } from "node:path";
import { REPO_ROOT } from "../../support/paths.ts";
import {
  INPUT_KEYS,
  OPEN_ERRORS,
  OPEN_OUTCOMES,
  OUTPUT_KEYS,
  runVectorScript,
  type StepInput,
  type VectorSetup,
} from "./vector_runner.ts";

const DIR = join(REPO_ROOT, "tests", "vectors", "envelope");

type Json = Record<string, unknown>;

/** Fails unless `value` is an object with exactly `keys` (fail closed on unknown keys). */
function exactKeys(value: unknown, keys: readonly string[], where: string): Json {
  assert.ok(typeof value === "object" && value !== null && !Array.isArray(value), where);
  assert.deepEqual(Object.keys(value).sort(), [...keys].sort(), `${where}: keys`);
  return value as Json;
}

const isHex = (v: unknown, bytes?: number) =>
  typeof v === "string" && /^([0-9a-f]{2})*$/.test(v) &&
  (bytes === undefined || v.length === 2 * bytes);
const isTime = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

function checkPackage(value: unknown, where: string): void {
  const flagged = typeof value === "object" && value !== null && "view_only" in value;
  const p = exactKeys(value, ["text", "attachments", ...(flagged ? ["view_only"] : [])], where);
  if (flagged) assert.equal(p.view_only, true, where);
  assert.equal(typeof p.text, "string", where);
  assert.ok(Array.isArray(p.attachments), where);
  for (const a of p.attachments as unknown[]) {
    const att = exactKeys(a, ["name", "media_type", "data_hex"], where);
    assert.ok(typeof att.name === "string" && typeof att.media_type === "string", where);
    assert.ok(isHex(att.data_hex), where);
  }
}

/** Validates a vector file's structure and returns its setup and step inputs. */
function parseVectorFile(doc: unknown, name: string) {
  const top = exactKeys(doc, ["description", "generated_by", "setup", "steps"], name);
  assert.equal(top.generated_by, "scripts/gen_envelope_vectors.ts");
  const setup = exactKeys(
    top.setup,
    ["root_key", "transcript_hash", "skipped_key_window", "initiator", "responder"],
    `${name} setup`,
  );
  assert.ok(isHex(setup.root_key, 32) && isHex(setup.transcript_hash, 32));
  assert.ok(Number.isSafeInteger(setup.skipped_key_window));
  for (const role of ["initiator", "responder"]) {
    const p = exactKeys(
      setup[role],
      ["ratchet_secret", "kem_seed", "random_seed", "burn_key"],
      role,
    );
    assert.ok(
      isHex(p.ratchet_secret, 32) && isHex(p.kem_seed, 64) && typeof p.random_seed === "string" &&
        isHex(p.burn_key, 32),
    );
  }
  assert.ok(Array.isArray(top.steps) && top.steps.length > 0);
  const inputs = (top.steps as unknown[]).map((raw, i): StepInput => {
    const where = `${name} step ${i}`;
    const step = raw as Json;
    assert.ok(
      step.action === "seal" || step.action === "open" || step.action === "discard",
      `${where}: action`,
    );
    assert.ok(step.party === "initiator" || step.party === "responder", `${where}: party`);
    assert.ok(isTime(step.now_ms), `${where}: now_ms`);
    if (step.action === "discard") {
      exactKeys(step, [...INPUT_KEYS.discard, ...OUTPUT_KEYS.discard], where);
      assert.ok(Number.isSafeInteger(step.count) && (step.count as number) > 0, where);
    } else if (step.action === "seal") {
      exactKeys(step, [...INPUT_KEYS.seal, ...OUTPUT_KEYS.seal], where);
      assert.ok(step.expires_at_ms === null || isTime(step.expires_at_ms), where);
      checkPackage(step.package, where);
      assert.ok(isHex(step.envelope_hex) && isHex(step.message_id, 16), where);
      assert.equal(typeof step.kem_step, "boolean", where);
    } else {
      assert.ok((OPEN_OUTCOMES as readonly unknown[]).includes(step.expect), `${where}: expect`);
      const outputs = step.expect === "ok"
        ? OUTPUT_KEYS.open_ok
        : (OPEN_ERRORS as readonly unknown[]).includes(step.expect)
        ? OUTPUT_KEYS.open_failed
        : OUTPUT_KEYS.open_unavailable;
      exactKeys(step, [...INPUT_KEYS.open, ...outputs], where);
      assert.ok(step.flip_bit === null || Number.isSafeInteger(step.flip_bit), where);
      if (step.expect === "ok") checkPackage(step.package, where);
      for (const key of ["position", "message_tag", "header_tag"]) {
        assert.ok(!(key in step) || isHex(step[key], 32), `${where}: ${key}`);
      }
    }
    assert.ok(isHex(step.state_sha256, 32), where);
    const keys = INPUT_KEYS[step.action as "seal" | "open" | "discard"];
    return Object.fromEntries(keys.map((k) => [k, step[k]])) as unknown as StepInput;
  });
  return { setup: setup as unknown as VectorSetup, inputs, steps: top.steps };
}

const files = [...Deno.readDirSync(DIR)].filter((e) => e.name.endsWith(".json")).map((e) => e.name)
  .sort();

Deno.test("the envelope vector directory holds the expected files", () => {
  assert.deepEqual(files, [
    "attachments_and_chunks.json",
    "conversation.json",
    "jump_limit.json",
    "old_chains.json",
    "strict_order.json",
    "view_only.json",
    "window_overflow.json",
  ]);
});

for (const file of files) {
  Deno.test(`envelope vectors ${file} are reproduced exactly`, () => {
    const doc = JSON.parse(Deno.readTextFileSync(join(DIR, file)));
    const { setup, inputs, steps } = parseVectorFile(doc, file);
    assert.deepEqual(runVectorScript(createCrypto(), setup, inputs), steps);
  });
}

Deno.test("envelope vectors are reproduced with the pure-JS ChaCha20-Poly1305 as well", () => {
  const doc = JSON.parse(Deno.readTextFileSync(join(DIR, "strict_order.json")));
  const { setup, inputs, steps } = parseVectorFile(doc, "strict_order.json");
  assert.deepEqual(runVectorScript(createCrypto({ bulk: "noble" }), setup, inputs), steps);
});

Deno.test("the vector harness refuses unknown keys, unknown values and missing outputs", () => {
  const doc = JSON.parse(Deno.readTextFileSync(join(DIR, "strict_order.json")));
  const mutations: ((d: Json & { steps: Json[]; setup: Json }) => void)[] = [
    (d) => (d.extra = 1),
    (d) => (d.setup.extra = 1),
    (d) => (d.steps[0]!.comment = "x"),
    (d) => delete d.steps[0]!.state_sha256,
    (d) => (d.steps[3]!.expect = "maybe"),
    (d) => (d.steps[0]!.action = "burn"),
    (d) => (d.steps[0]!.party = "mallory"),
    (d) => ((d.steps[0]!.package as Json).extra = true),
    (d) => ((d.setup.initiator as Json).burn_key = "00"),
    (d) => (d.steps[4]!.header_tag = "zz"),
    (d) => delete d.steps[4]!.message_tag,
  ];
  for (const mutate of mutations) {
    const copy = structuredClone(doc);
    mutate(copy);
    assert.throws(() => parseVectorFile(copy, "mutated"), assert.AssertionError);
  }
});
