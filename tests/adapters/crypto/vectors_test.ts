import assert from "node:assert/strict";
import { listVectorFiles, loadVectors, parseVectors, VECTOR_SCHEMAS } from "./vectors.ts";

const SCHEMA = { key: "hex", count: "int", label: "text" } as const;
const GOOD = {
  source: "test",
  transcription: "by hand",
  cases: [{ name: "one", key: "00ff", count: 3, label: "x" }],
};

function withCase(change: Record<string, unknown>): string {
  return JSON.stringify({ ...GOOD, cases: [{ ...GOOD.cases[0], ...change }] });
}

Deno.test("parseVectors() decodes hex, integers and text of a well-formed file", () => {
  const file = parseVectors("good", JSON.stringify(GOOD), SCHEMA);
  assert.equal(file.source, "test");
  assert.deepEqual(file.cases[0]!.key, new Uint8Array([0x00, 0xff]));
  assert.equal(file.cases[0]!.count, 3);
  assert.equal(file.cases[0]!.label, "x");
});

Deno.test("parseVectors() rejects an unknown key in a case", () => {
  assert.throws(() => parseVectors("t", withCase({ extra: "00" }), SCHEMA), /unknown key "extra"/);
});

Deno.test("parseVectors() rejects an unknown top-level key", () => {
  const text = JSON.stringify({ ...GOOD, comment: "hi" });
  assert.throws(() => parseVectors("t", text, SCHEMA), /unknown key "comment"/);
});

Deno.test("parseVectors() rejects a case missing a field or its name", () => {
  const { count: _count, ...noCount } = GOOD.cases[0]!;
  const missing = JSON.stringify({ ...GOOD, cases: [noCount] });
  assert.throws(() => parseVectors("t", missing, SCHEMA), /missing key "count"/);
  const { name: _name, ...noName } = GOOD.cases[0]!;
  const nameless = JSON.stringify({ ...GOOD, cases: [noName] });
  assert.throws(() => parseVectors("t", nameless, SCHEMA), /missing key "name"/);
});

Deno.test("parseVectors() rejects bad hex, odd-length hex and wrong types", () => {
  assert.throws(() => parseVectors("t", withCase({ key: "0g" }), SCHEMA), /not hex/);
  assert.throws(() => parseVectors("t", withCase({ key: "abc" }), SCHEMA), /not hex/);
  assert.throws(() => parseVectors("t", withCase({ key: 12 }), SCHEMA), /not a string/);
  assert.throws(() => parseVectors("t", withCase({ count: "3" }), SCHEMA), /not an integer/);
  assert.throws(() => parseVectors("t", withCase({ count: 1.5 }), SCHEMA), /not an integer/);
  assert.throws(() => parseVectors("t", withCase({ label: null }), SCHEMA), /not a string/);
});

Deno.test("parseVectors() rejects a file without cases", () => {
  const empty = JSON.stringify({ ...GOOD, cases: [] });
  assert.throws(() => parseVectors("t", empty, SCHEMA), /non-empty array/);
  assert.throws(() => parseVectors("t", "[]", SCHEMA), /not an object/);
});

Deno.test("every file in tests/vectors/crypto has a schema and parses", () => {
  const known = Object.keys(VECTOR_SCHEMAS).sort();
  assert.deepEqual(listVectorFiles(), known);
  for (const name of known) {
    const file = loadVectors(name as keyof typeof VECTOR_SCHEMAS);
    assert.ok(file.cases.length > 0, name);
  }
});
