import assert from "node:assert/strict";
import { formatTable, ratioText, type Row, targetMet } from "../../scripts/bench/bench_table.ts";

const row = (plico: number, reference: number, atLeastRatio?: number): Row => ({
  section: "throughput (whole process)",
  name: "open 1 GiB",
  plico,
  unit: "MB/s",
  better: "higher",
  reference,
  referenceName: "age -d",
  ...(atLeastRatio === undefined ? {} : { target: { atLeastRatio } }),
});

Deno.test("a ratio just under its target never shows as the target", () => {
  const under = row(895, 1000, 0.9);
  assert.equal(targetMet(under), false);
  assert.equal(ratioText(0.895, under), "0.89");
  const table = formatTable([under]);
  assert.match(table, / 0\.89 /);
  assert.match(table, /0\.89x +target >= 0\.90x: NOT met/);
  assert.doesNotMatch(table, /0\.90x +target >= 0\.90x: NOT met/);
});

Deno.test("ratios at or over their target, or without one, read as measured", () => {
  assert.equal(ratioText(0.9, row(900, 1000, 0.9)), "0.90");
  assert.equal(targetMet(row(900, 1000, 0.9)), true);
  assert.equal(ratioText(0.29, row(290, 1000, 0.7)), "0.29");
  assert.equal(ratioText(0.5149, row(5149, 10000)), "0.51");
  assert.equal(ratioText(0.516, row(516, 1000)), "0.52");
});
