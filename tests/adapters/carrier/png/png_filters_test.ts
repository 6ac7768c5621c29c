import assert from "node:assert/strict";
import {
  FILTER_TYPES,
  filterRow,
  filterRowAdaptive,
  unfilterRows,
} from "../../../../adapters/carrier/png/png_filters.ts";
import { seededRandom } from "../../../support/seeded_random.ts";

/** PNG spec §9.2–§9.4, written plainly: the predictor of byte i for each filter type. */
function predictor(type: number, row: Uint8Array, prev: Uint8Array, stride: number, i: number) {
  const a = i >= stride ? row[i - stride]! : 0;
  const b = prev[i]!;
  const c = i >= stride ? prev[i - stride]! : 0;
  if (type === 0) return 0;
  if (type === 1) return a;
  if (type === 2) return b;
  if (type === 3) return Math.floor((a + b) / 2);
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

Deno.test("filterRow() matches the spec's predictors and returns the sum of |signed bytes|", () => {
  const random = seededRandom("filters");
  for (const stride of [1, 2, 3, 4, 6, 8]) {
    const row = random.randomBytes(37);
    const prev = random.randomBytes(37);
    for (let type = 0; type < FILTER_TYPES; type++) {
      const out = new Uint8Array(37);
      const cost = filterRow(type, row, prev, stride, out);
      let expectedCost = 0;
      for (let i = 0; i < 37; i++) {
        const v = (row[i]! - predictor(type, row, prev, stride, i) + 256) % 256;
        assert.equal(out[i], v, `type ${type}, stride ${stride}, byte ${i}`);
        expectedCost += Math.min(v, 256 - v);
      }
      assert.equal(cost, expectedCost, `cost of type ${type}, stride ${stride}`);
    }
  }
});

Deno.test("unfilterRows() inverts filterRow() for every type, rows chained", () => {
  const random = seededRandom("unfilter");
  const stride = 3;
  const rows = Array.from({ length: 6 }, () => random.randomBytes(20));
  const data = new Uint8Array(6 * 21);
  let prev: Uint8Array = new Uint8Array(20);
  rows.forEach((row, r) => {
    const type = r % FILTER_TYPES;
    data[r * 21] = type;
    filterRow(type, row, prev, stride, data.subarray(r * 21 + 1, r * 21 + 21));
    prev = row;
  });
  unfilterRows(data, 0, 6, 20, stride);
  rows.forEach((row, r) => assert.deepEqual(data.subarray(r * 21 + 1, r * 21 + 21), row));
});

Deno.test("filterRowAdaptive() picks Up for a repeated row and Sub for a ramp", () => {
  const scratch = Array.from({ length: FILTER_TYPES }, () => new Uint8Array(30));
  const noisy = seededRandom("adaptive").randomBytes(30);
  assert.equal(filterRowAdaptive(noisy, noisy, 3, scratch).type, 2);
  const ramp = new Uint8Array(30).map((_, i) => 100 + 2 * i);
  assert.equal(filterRowAdaptive(ramp, noisy, 1, scratch).type, 1);
});
