/**
 * `deno task bench`: measures Plico side by side with reference tools in one run, prints a table
 * and, with `--json FILE`, writes the figures. Each figure is the median of `--runs` runs
 * (default 3); `--quick` uses small sizes for a fast check. See docs/PERFORMANCE.md.
 *
 *   deno run --frozen --allow-all scripts/bench/main.ts [--runs N] [--quick] [--json FILE]
 *     [--only startup,unlock,throughput,latency,setup,burn,carrier,pipeline] [--dir DIR]
 *     [--sizes MiB,MiB]   (attachment sizes of the throughput section, e.g. 64,2048)
 *
 * Needs the Debian packages `age` (reference), `argon2` (reference) and `time` (peak RSS);
 * rows whose reference is missing say so. Large runs need about 3.5 × 1 GiB free in `--dir`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { ARGON2_DEFAULT } from "../../domain/limits.ts";
import { plicoArgv } from "../../tests/support/run_plico.ts";
import { ageKeys, benchPair, plicoEnv } from "./bench_fixture.ts";
import { formatTable, type Row } from "./bench_table.ts";
import { burnScaleRows } from "./burn_scale_bench.ts";
import { runCarrierBench } from "./carrier_bench.ts";
import { cliLatencyRows, inProcessLatencyRows } from "./latency_bench.ts";
import { GNU_TIME, hasProgram, medianMs } from "./measure.ts";
import { pipelineRows } from "./pipeline_bench.ts";
import { setupRows } from "./setup_bench.ts";
import { throughputRows } from "./throughput_bench.ts";

const SECTIONS = [
  "startup",
  "unlock",
  "throughput",
  "latency",
  "setup",
  "burn",
  "carrier",
  "pipeline",
] as const;
type Section = typeof SECTIONS[number];

const { values } = parseArgs({
  args: Deno.args,
  options: {
    json: { type: "string" },
    runs: { type: "string", default: "3" },
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    dir: { type: "string" },
    sizes: { type: "string" },
  },
  strict: true,
});
const runs = Math.max(1, Number(values.runs));
if (!Number.isSafeInteger(runs)) throw new Error("--runs must be an integer");
const quick = values.quick;
const only = values.only?.split(",").map((s) => s.trim()) ?? [...SECTIONS];
for (const s of only) {
  if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section ${s}`);
}
const want = (s: Section) => only.includes(s);
const MiB = 1024 * 1024;
const sizes = values.sizes
  ? values.sizes.split(",").map((x) => {
    const mib = Number(x.trim());
    if (!Number.isSafeInteger(mib) || mib <= 0) throw new Error("--sizes takes MiB, e.g. 64,2048");
    return mib * MiB;
  })
  : quick
  ? [16 * MiB, 128 * MiB]
  : [64 * MiB, 1024 * MiB];
const burnLevels = quick ? [0, 10_000, 100_000] : [0, 100_000, 1_000_000];

const rows: Row[] = [];
const root = Deno.makeTempDirSync({ dir: values.dir, prefix: "plico-bench-" });
const progress = (what: string) => console.error(`bench: ${what} …`);
const missing = ["age", "age-keygen", "argon2", GNU_TIME].filter((p) => !hasProgram(p));
if (missing.length) {
  console.error(`bench: not installed: ${missing.join(", ")} (apt-get install -y age argon2 time)`);
}

try {
  if (want("startup")) {
    progress("startup");
    // Whole-process wall time of `plico version`: the deno run command of the `plico` task.
    const startup = await medianMs(Math.max(5, runs), async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: plicoArgv(["version"]),
        clearEnv: true,
        env: plicoEnv(),
        stdout: "null",
      }).output();
      if (out.code !== 0) throw new Error("plico version failed");
    });
    // age's start-up for scale: a native binary printing its version.
    const ageStartup = hasProgram("age")
      ? await medianMs(Math.max(5, runs), async () => {
        await new Deno.Command("age", { args: ["--version"], stdout: "null" }).output();
      })
      : undefined;
    rows.push({
      section: "start-up and unlock",
      name: "startup: plico version",
      plico: startup,
      unit: "ms",
      better: "lower",
      reference: ageStartup,
      referenceName: ageStartup === undefined ? "age not installed" : "age --version",
      note: "deno run with the shipped flags",
    });
  }

  if (want("unlock")) {
    progress("unlock");
    // Unlock cost: Argon2id with the default profile parameters vs the Debian argon2 CLI.
    const crypto = createCrypto();
    const salt = crypto.sha256(new TextEncoder().encode("bench salt")).subarray(0, 16);
    const argon = await medianMs(
      Math.max(5, runs),
      () => crypto.argon2id(new TextEncoder().encode("bench passphrase"), salt, ARGON2_DEFAULT, 32),
    );
    let argonCli: number | undefined;
    if (hasProgram("argon2")) {
      argonCli = await medianMs(Math.max(5, runs), async () => {
        const child = new Deno.Command("argon2", {
          args: [
            "benchsaltbenchsalt",
            "-id",
            "-t",
            String(ARGON2_DEFAULT.iterations),
            "-k",
            String(ARGON2_DEFAULT.memoryKiB),
            "-p",
            String(ARGON2_DEFAULT.parallelism),
            "-l",
            "32",
            "-r",
          ],
          stdin: "piped",
          stdout: "null",
        }).spawn();
        const w = child.stdin.getWriter();
        await w.write(new TextEncoder().encode("bench passphrase"));
        await w.close();
        await child.status;
      });
    }
    rows.push({
      section: "start-up and unlock",
      name: "unlock: Argon2id t=2 m=64MiB p=4",
      plico: argon,
      unit: "ms",
      better: "lower",
      reference: argonCli,
      referenceName: argonCli === undefined ? "argon2 CLI not installed" : "argon2 CLI (4 threads)",
      note: "argon2_fill.c in WebAssembly, two workers",
    });
  }

  const needsPair = want("throughput") || want("latency");
  if (needsPair && missing.includes(GNU_TIME)) {
    throw new Error(`${GNU_TIME} is needed for whole-process runs: apt-get install -y time`);
  }
  const pair = needsPair ? await benchPair(root) : null;
  const age = needsPair ? await ageKeys(root) : null;

  if (want("throughput") && pair) {
    progress(`throughput (${sizes.map((s) => s / MiB).join(" and ")} MiB, ${runs} runs)`);
    rows.push(...await throughputRows({ root, ...pair, age, sizes, runs }));
  }
  if (want("latency") && pair) {
    progress("latency");
    rows.push(...await cliLatencyRows(root, pair.alice, pair.bob, age, Math.max(5, runs)));
    rows.push(...await inProcessLatencyRows(Math.max(20, runs)));
  }
  if (want("setup")) {
    progress("session setup");
    rows.push(...await setupRows(Math.max(20, runs)));
  }
  if (want("burn")) {
    progress(`burn registry (${burnLevels.join(", ")} rows)`);
    rows.push(...await burnScaleRows(burnLevels, Math.max(9, runs)));
  }
  if (want("carrier")) {
    progress("carrier");
    const results: { embedMBps: number; extractMBps: number }[] = [];
    for (let i = 0; i < runs; i++) results.push(await runCarrierBench());
    const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (
      const [name, pick] of [
        ["embed 10 MiB envelope", (r: { embedMBps: number }) => r.embedMBps],
        ["extract 10 MiB envelope", (r: { extractMBps: number }) => r.extractMBps],
      ] as const
    ) {
      rows.push({
        section: "PNG carrier (in-process)",
        name,
        plico: mid(results.map(pick)),
        unit: "MB/s",
        better: "higher",
        note: "generated cover; MB of envelope per second",
      });
    }
  }
  if (want("pipeline")) {
    const bytes = quick ? 64 * MiB : 256 * MiB;
    progress(`pipeline breakdown (${bytes / MiB} MiB)`);
    rows.push(...await pipelineRows(root, bytes));
  }
} finally {
  Deno.removeSync(root, { recursive: true });
}

console.log(formatTable(rows));
if (values.json) {
  Deno.writeTextFileSync(
    values.json,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        runs,
        quick,
        machine: {
          cpus: navigator.hardwareConcurrency,
          loadavg: Deno.loadavg(),
          deno: Deno.version.deno,
        },
        rows,
      },
      null,
      2,
    ) + "\n",
  );
}
