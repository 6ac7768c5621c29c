import assert from "node:assert/strict";
import { applyOperator, mutate, OPERATOR_NAMES } from "../../scripts/fuzz/mutate.ts";
import { createRng } from "../../scripts/fuzz/prng.ts";

const input = createRng("input").bytes(3000);

Deno.test("createRng() is deterministic per name and stays within its bounds", () => {
  const a = createRng("7/envelope_raw/12");
  const b = createRng("7/envelope_raw/12");
  const c = createRng("7/envelope_raw/13");
  const xs = Array.from({ length: 100 }, () => a.u32());
  assert.deepEqual(Array.from({ length: 100 }, () => b.u32()), xs);
  assert.notDeepEqual(Array.from({ length: 100 }, () => c.u32()), xs);
  const r = createRng("bounds");
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const x = r.below(7);
    assert.ok(Number.isInteger(x) && x >= 0 && x < 7);
    seen.add(x);
    const y = r.between(-3, 3);
    assert.ok(y >= -3 && y <= 3);
  }
  assert.equal(seen.size, 7);
  assert.throws(() => r.below(0), RangeError);
});

Deno.test("mutate() is reproducible and never returns its input unchanged", () => {
  for (let i = 0; i < 300; i++) {
    const one = mutate(createRng(`m/${i}`), input, { donors: [input.slice(0, 100)] });
    const two = mutate(createRng(`m/${i}`), input, { donors: [input.slice(0, 100)] });
    assert.deepEqual(one, two);
    assert.ok(
      one.bytes.length !== input.length || one.bytes.some((b, j) => b !== input[j]),
      `case ${i} (${one.ops.join("+")}) returned its input`,
    );
    assert.ok(one.bytes.length <= 2 * input.length + 4096);
  }
});

Deno.test("mutate() with keepLength keeps the length and respects maxBytes otherwise", () => {
  for (let i = 0; i < 300; i++) {
    const kept = mutate(createRng(`k/${i}`), input, { keepLength: true });
    assert.equal(kept.bytes.length, input.length);
    const bounded = mutate(createRng(`b/${i}`), input, { maxBytes: input.length + 10 });
    assert.ok(bounded.bytes.length <= input.length + 10);
  }
  assert.equal(mutate(createRng("empty"), new Uint8Array(0)).bytes.length > 0, true);
});

Deno.test("every mutation operator applies to an ordinary input", () => {
  const ctx = {
    fields: [{ name: "len", offset: 10, size: 4 as const }],
    donors: [createRng("donor").bytes(500)],
    chunks: { base: 100, size: 700 },
  };
  for (const name of OPERATOR_NAMES) {
    const out = applyOperator(name, createRng(`op/${name}`), input, ctx);
    assert.ok(out instanceof Uint8Array, `${name} did not apply`);
  }
  assert.throws(() => applyOperator("nonsense", createRng("x"), input));
});

Deno.test("the field operator writes big-endian extremes into the named field", () => {
  const zeros = new Uint8Array(16);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const out = applyOperator("field", createRng(`f/${i}`), zeros, {
      fields: [{ name: "u32", offset: 4, size: 4 }],
    })!;
    assert.equal(out.length, 16);
    // Only the field (or, rarely, a random aligned spot) changes.
    seen.add(Array.from(out.subarray(4, 8)).join(","));
  }
  assert.ok(seen.has("255,255,255,255"), "max value never written");
  assert.ok(seen.has("0,0,0,1"), "one never written");
});
