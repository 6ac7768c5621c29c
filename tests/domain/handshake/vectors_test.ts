import assert from "node:assert/strict";
import { fromHex, toHex } from "../../../domain/bytes.ts";
import { ERROR_CODES, isPlicoError } from "../../../domain/errors.ts";
import { answerInitiatorFile } from "../../../domain/handshake/answer.ts";
import { finishHandshake } from "../../../domain/handshake/finish.ts";
import { createInitiatorFile } from "../../../domain/handshake/initiate.ts";
import {
  encodeInitiatorFile,
  parseInitiatorFile,
} from "../../../domain/handshake/initiator_file.ts";
import { decodePending, encodePending } from "../../../domain/handshake/pending.ts";
import {
  encodeResponderFile,
  parseResponderFile,
} from "../../../domain/handshake/responder_file.ts";
import { formatSafetyCode } from "../../../domain/safety_code.ts";
import { fixedClock } from "../../support/fixed_clock.ts";
import { seededRandom } from "../../support/seeded_random.ts";
import { crypto } from "./fixtures.ts";

// Vectors as data (STYLE 2): the harness refuses any unknown or missing key, unknown operation
// or unknown expected code, so a vector can never be silently skipped or half-read.

const DIR = new URL("../../vectors/handshake/", import.meta.url);

const SUCCESS_KEYS = [
  "kind",
  "description",
  "source",
  "initiator_random_seed",
  "responder_random_seed",
  "initiator_identity_secret",
  "responder_identity_secret",
  "lifetime_seconds",
  "skipped_key_window",
  "initiator_time_ms",
  "responder_time_ms",
  "finish_time_ms",
  "initiator_file",
  "pending",
  "responder_file",
  "initiator_file_hash",
  "transcript_hash",
  "root_key",
  "initiator_code",
  "responder_code",
];
const REJECTIONS_KEYS = ["kind", "description", "source", "cases"];
const CASE_KEYS: Record<string, string[]> = {
  answer: [
    "name",
    "operation",
    "initiator_file",
    "responder_random_seed",
    "responder_identity_secret",
    "now_ms",
    "expect",
  ],
  finish: ["name", "operation", "pending", "responder_file", "now_ms", "expect"],
};

type Json = Record<string, unknown>;

function exactKeys(value: Json, keys: string[], where: string): void {
  assert.deepEqual(
    Object.keys(value).sort(),
    [...keys].sort(),
    `${where}: unexpected or missing keys`,
  );
}

function str(value: Json, key: string): string {
  const v = value[key];
  assert.equal(typeof v, "string", key);
  return v as string;
}

function num(value: Json, key: string): number {
  const v = value[key];
  assert.ok(Number.isSafeInteger(v), key);
  return v as number;
}

function hex(value: Json, key: string): Uint8Array {
  return fromHex(str(value, key));
}

async function load(name: string): Promise<Json> {
  return JSON.parse(await Deno.readTextFile(new URL(name, DIR)));
}

async function vectorFiles(): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(DIR)) if (entry.isFile) names.push(entry.name);
  return names.sort();
}

function checkSuccess(v: Json, name: string): void {
  exactKeys(v, SUCCESS_KEYS, name);
  const params = {
    lifetimeSeconds: num(v, "lifetime_seconds"),
    skippedKeyWindow: num(v, "skipped_key_window"),
  };
  const aliceSecret = hex(v, "initiator_identity_secret");
  const bobSecret = hex(v, "responder_identity_secret");
  const finishClock = fixedClock(num(v, "finish_time_ms"));

  // 1. Regenerated from the recorded seeds and times, every byte is the same.
  const start = createInitiatorFile(
    crypto,
    seededRandom(str(v, "initiator_random_seed")),
    fixedClock(num(v, "initiator_time_ms")),
    aliceSecret,
    params,
  );
  assert.equal(toHex(start.file), str(v, "initiator_file"), `${name}: initiator file`);
  assert.equal(toHex(encodePending(start.pending)), str(v, "pending"), `${name}: pending`);
  const answer = answerInitiatorFile(
    crypto,
    seededRandom(str(v, "responder_random_seed")),
    fixedClock(num(v, "responder_time_ms")),
    bobSecret,
    start.file,
  );
  assert.equal(toHex(answer.file), str(v, "responder_file"), `${name}: responder file`);

  // 2. From the stored bytes alone, both sides reach the recorded outputs.
  const initiatorFile = hex(v, "initiator_file");
  const responderFile = hex(v, "responder_file");
  const done = finishHandshake(
    crypto,
    finishClock,
    decodePending(crypto, hex(v, "pending")),
    responderFile,
  );
  for (const result of [done, answer.result]) {
    assert.equal(toHex(result.initiatorFileHash), str(v, "initiator_file_hash"), name);
    assert.equal(toHex(result.transcriptHash), str(v, "transcript_hash"), name);
    assert.equal(toHex(result.rootKey), str(v, "root_key"), name);
    assert.deepEqual(result.params, params, name);
  }
  // Each side shows the code it reads aloud and expects the other one (PROTOCOL-handshake §10).
  assert.equal(done.myCode, str(v, "initiator_code"), name);
  assert.equal(done.peerCode, str(v, "responder_code"), name);
  assert.equal(answer.result.myCode, str(v, "responder_code"), name);
  assert.equal(answer.result.peerCode, str(v, "initiator_code"), name);
  assert.notEqual(str(v, "initiator_code"), str(v, "responder_code"), name);
  assert.equal(str(v, "initiator_file_hash"), toHex(crypto.sha3_256(initiatorFile)));
  for (const key of ["initiator_code", "responder_code"]) {
    assert.match(formatSafetyCode(str(v, key)), /^(\d{5} ){5}\d{5}$/);
  }

  // 3. Both stored files parse and re-encode to exactly the stored bytes.
  const parsedI = parseInitiatorFile(crypto, finishClock, initiatorFile);
  assert.deepEqual(encodeInitiatorFile(parsedI), initiatorFile);
  assert.equal(parsedI.createdAt, num(v, "initiator_time_ms"));
  const parsedR = parseResponderFile(crypto, finishClock, responderFile);
  assert.deepEqual(encodeResponderFile(parsedR), responderFile);
  assert.equal(parsedR.createdAt, num(v, "responder_time_ms"));
}

function runCase(c: Json, where: string): void {
  const operation = str(c, "operation");
  const keys = CASE_KEYS[operation];
  assert.ok(keys !== undefined, `${where}: unknown operation ${operation}`);
  exactKeys(c, keys, where);
  const expect = str(c, "expect");
  assert.ok(
    (ERROR_CODES as readonly string[]).includes(expect),
    `${where}: unknown code ${expect}`,
  );
  const clock = fixedClock(num(c, "now_ms"));
  const run = operation === "answer"
    ? () =>
      answerInitiatorFile(
        crypto,
        seededRandom(str(c, "responder_random_seed")),
        clock,
        hex(c, "responder_identity_secret"),
        hex(c, "initiator_file"),
      )
    : () =>
      finishHandshake(
        crypto,
        clock,
        decodePending(crypto, hex(c, "pending")),
        hex(c, "responder_file"),
      );
  assert.throws(run, (e) => isPlicoError(e) && e.code === expect, `${where}: expected ${expect}`);
}

Deno.test("every handshake vector file is of a known kind and passes its checks", async () => {
  const names = await vectorFiles();
  assert.deepEqual(names, ["default_params.json", "rejections.json", "strict_order.json"]);
  let successes = 0, cases = 0;
  for (const name of names) {
    const v = await load(name);
    if (v.kind === "handshake") {
      checkSuccess(v, name);
      successes++;
    } else if (v.kind === "rejections") {
      exactKeys(v, REJECTIONS_KEYS, name);
      assert.ok(Array.isArray(v.cases) && v.cases.length > 0, `${name}: no cases`);
      for (const [i, c] of (v.cases as Json[]).entries()) {
        runCase(c, `${name} case ${i} (${String(c.name)})`);
        cases++;
      }
    } else {
      assert.fail(`${name}: unknown vector kind ${String(v.kind)}`);
    }
  }
  assert.equal(successes, 2);
  assert.ok(cases >= 15);
});

Deno.test("the vector harness refuses an unknown key", () => {
  assert.throws(
    () => exactKeys({ kind: "handshake", extra: 1 }, ["kind"], "probe"),
    /unexpected or missing keys/,
  );
  assert.throws(
    () => runCase({ name: "x", operation: "open", now_ms: 0, expect: "input.malformed" }, "probe"),
    /unknown operation/,
  );
});
