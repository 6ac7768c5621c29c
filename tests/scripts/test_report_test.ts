import assert from "node:assert/strict";
import { formatMs, parseDuration, report, testArgs, TestTimes } from "../../scripts/test_report.ts";

const ESC = String.fromCharCode(27);

Deno.test("parseDuration() reads every unit Deno prints and refuses anything else", () => {
  assert.equal(parseDuration("13s"), 13_000);
  assert.equal(parseDuration("115ms"), 115);
  assert.equal(parseDuration("482µs"), 0.482);
  assert.equal(parseDuration("2m9s"), 129_000);
  assert.ok(Number.isNaN(parseDuration("soon")));
  assert.ok(Number.isNaN(parseDuration("3s later")));
});

Deno.test("TestTimes reads parallel and serial output, skips steps, keeps the slowest", () => {
  const times = new TestTimes();
  const lines = [
    `${ESC}[0m${ESC}[38;5;245m./tests/b_test.ts => ${ESC}[0mb one ... ${ESC}[0m${ESC}[32mok${ESC}[0m ` +
    `${ESC}[0m${ESC}[38;5;245m(1m2s)${ESC}[0m`,
    "./tests/b_test.ts => b two ... s1 ... ok (9m0s)",
    "./tests/b_test.ts => b two ... ok (87ms)",
    "running 2 tests from ./tests/a_test.ts",
    "a one ... FAILED (3s)",
    "a two ... ok (195µs)",
    "ok | 4 passed (1 step) | 0 failed (548ms)",
  ];
  for (const line of lines) times.add(line);
  assert.equal(times.count, 4);
  assert.deepEqual(times.slowest(2), [
    { file: "./tests/b_test.ts", name: "b one", ms: 62_000 },
    { file: "./tests/a_test.ts", name: "a one", ms: 3000 },
  ]);
  const text = report(times, 125_000);
  assert.match(text, /Slowest 4 of 4 tests \(suite wall time 2m05s\):/);
  assert.match(text, /\n {4}1m02s {2}tests\/b_test\.ts: b one\n/);
  assert.doesNotMatch(text, /^(ok|FAILED) \| /m);
});

Deno.test("formatMs() keeps figures short", () => {
  assert.equal(formatMs(120), "120ms");
  assert.equal(formatMs(9_400), "9.4s");
  assert.equal(formatMs(595_000), "9m55s");
});

Deno.test("testArgs() runs tests/ unless paths are named, and passes flags on", () => {
  assert.deepEqual(testArgs([]), ["tests/"]);
  assert.deepEqual(testArgs(["--filter", "x"]), ["tests/", "--filter", "x"]);
  assert.deepEqual(testArgs(["--filter", "x", "tests/e2e/"]), ["--filter", "x", "tests/e2e/"]);
  assert.deepEqual(testArgs(["--fail-fast"]), ["tests/", "--fail-fast"]);
  assert.deepEqual(testArgs(["tests/domain/"]), ["tests/domain/"]);
});
