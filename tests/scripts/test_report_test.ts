import assert from "node:assert/strict";
import {
  formatMs,
  mergedSummary,
  parseDuration,
  parseSummary,
  report,
  START_FIRST,
  suiteFiles,
  suiteGroups,
  testArgs,
  testJobs,
  TestTimes,
} from "../../scripts/test_report.ts";

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

Deno.test("testArgs() runs every suite file unless paths are named, and passes flags on", () => {
  const files = () => ["tests/b_test.ts", "tests/a_test.ts"];
  assert.deepEqual(testArgs([], files), ["tests/b_test.ts", "tests/a_test.ts"]);
  assert.deepEqual(testArgs(["--filter", "x"], files), [...files(), "--filter", "x"]);
  assert.deepEqual(testArgs(["--filter", "x", "tests/e2e/"], files), [
    "--filter",
    "x",
    "tests/e2e/",
  ]);
  assert.deepEqual(testArgs(["--fail-fast"], files), [...files(), "--fail-fast"]);
  assert.deepEqual(testArgs(["tests/domain/"], files), ["tests/domain/"]);
});

Deno.test("suiteFiles() finds what deno test finds", () => {
  const files = suiteFiles();
  // Deno's rule, checked independently: every *_test.ts under tests/, once.
  const expected: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      if (e.isDirectory) walk(`${dir}/${e.name}`);
      else if (e.name.endsWith("_test.ts")) expected.push(`${dir}/${e.name}`);
    }
  };
  walk("tests");
  assert.deepEqual(files, expected.sort());
  assert.ok(files.includes("tests/scripts/test_report_test.ts"));
  assert.ok(START_FIRST.filter((f) => files.includes(f)).length >= 5, "the slow list is current");
});

Deno.test("suiteGroups() runs the long files beside the rest, each with half the jobs", () => {
  const files = ["tests/a_test.ts", START_FIRST[0]!, "tests/b_test.ts", START_FIRST[1]!];
  assert.deepEqual(suiteGroups(files, 4), [
    { files: [START_FIRST[0]!, START_FIRST[1]!], jobs: 2 },
    { files: ["tests/a_test.ts", "tests/b_test.ts"], jobs: 2 },
  ]);
  assert.deepEqual(suiteGroups(files, 3).map((g) => g.jobs), [2, 1]);
  assert.deepEqual(suiteGroups(files, 1), [{ files, jobs: 1 }]);
  assert.deepEqual(suiteGroups(["tests/a_test.ts"], 4), [{ files: ["tests/a_test.ts"], jobs: 4 }]);
});

Deno.test("parseSummary() and mergedSummary() keep deno's summary form for .ci/run", () => {
  const a = parseSummary(`${ESC}[0m${ESC}[32mok${ESC}[0m | 12 passed (3 steps) | 0 failed (2s)`)!;
  const b = parseSummary("FAILED | 5 passed | 2 failed | 1 ignored (1m2s)")!;
  assert.deepEqual(a, { passed: 12, steps: 3, failed: 0, ignored: 0 });
  assert.deepEqual(b, { passed: 5, steps: 0, failed: 2, ignored: 1 });
  assert.equal(parseSummary("./tests/a_test.ts => ok | 1 passed ... ok (1ms)"), null);
  assert.equal(parseSummary("running 3 tests from ./tests/a_test.ts"), null);
  assert.equal(
    mergedSummary([a, b], false, 61_000),
    "FAILED | 17 passed (3 steps) | 2 failed | 1 ignored (1m01s)",
  );
  assert.equal(mergedSummary([a, a], true, 900), "ok | 24 passed (6 steps) | 0 failed (900ms)");
  // A run that failed without a failed test (it crashed) still makes the line FAILED.
  assert.match(mergedSummary([a], false, 1), /^FAILED \| 12 passed/);
  // The very pattern .ci/run reads.
  assert.match(mergedSummary([a], true, 1), /^(ok|FAILED) \| [0-9]+ passed/);
});

Deno.test("testJobs() doubles the cores unless DENO_JOBS is a positive count", () => {
  assert.equal(testJobs(undefined, 2), "4");
  assert.equal(testJobs("3", 2), "3");
  assert.equal(testJobs("0", 2), "4");
  assert.equal(testJobs("lots", 8), "16");
  assert.equal(testJobs(undefined, 0), "2");
});
