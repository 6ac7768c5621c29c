/**
 * Whole-process seal and open of one large attachment: Plico (the real program under the
 * shipped flags; binary envelope to a file; attachment saved to a directory) against age
 * (X25519 recipient) on the same file, with wall time, CPU time and peak RSS of each. The runs
 * of the four commands are interleaved so that machine noise hits them alike.
 *
 * Plico makes its output durable (`fdatasync` before the file appears under its name); age does
 * not. So the table also shows age followed by `sync -d` of its output, the like-for-like figure.
 * Throughput is attachment bytes (10^6 per MB) per second of wall time, start-up and unlock
 * included, because that is what a user waits for.
 *
 * @module
 */

import { join } from "node:path";
import type { Row } from "./bench_table.ts";
import { type CliProfile, profileArgs, timePlico, writeRandomFile } from "./bench_fixture.ts";
import { median, type ProcessRun, timeProcess } from "./measure.ts";

/** What the throughput benchmark needs. */
export interface ThroughputSetup {
  readonly root: string;
  readonly alice: CliProfile;
  readonly bob: CliProfile;
  readonly age: { key: string; recipient: string } | null;
  /** Attachment sizes in bytes; the largest one gets the throughput rows. */
  readonly sizes: readonly number[];
  readonly runs: number;
}

/** Medians of one command over the runs. */
interface Figures {
  ms: number;
  cpuMs: number;
  rssMiB: number;
}

function summarise(runs: ProcessRun[]): Figures {
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    rssMiB: median(runs.map((r) => r.rssMiB)),
  };
}

function sizeName(bytes: number): string {
  return bytes >= 1 << 30 ? `${bytes / (1 << 30)} GiB` : `${bytes / (1 << 20)} MiB`;
}

/** Measures every size; returns the table rows. */
export async function throughputRows(setup: ThroughputSetup): Promise<Row[]> {
  const rows: Row[] = [];
  const sizes = [...setup.sizes].sort((a, b) => a - b);
  const message = join(setup.root, "message.txt");
  Deno.writeTextFileSync(message, "a large file");
  for (const size of sizes) {
    const input = join(setup.root, `input-${size}.bin`);
    await writeRandomFile(input, size);
    const seal: ProcessRun[] = [];
    const open: ProcessRun[] = [];
    const ageEnc: ProcessRun[] = [];
    const ageDec: ProcessRun[] = [];
    const ageEncSync: number[] = [];
    const ageDecSync: number[] = [];
    for (let run = 0; run < setup.runs; run++) {
      const envelope = join(setup.root, `run-${run}.plico`);
      const outDir = join(setup.root, `run-${run}-out`);
      Deno.mkdirSync(outDir);
      seal.push(
        await timePlico([
          "seal",
          "--to",
          "Bob",
          "--message-file",
          message,
          "--attach",
          input,
          "--out",
          envelope,
          ...profileArgs(setup.alice),
        ]),
      );
      open.push(
        await timePlico(["open", envelope, "--out-dir", outDir, ...profileArgs(setup.bob)]),
      );
      Deno.removeSync(envelope);
      Deno.removeSync(outDir, { recursive: true });
      if (setup.age) {
        const encrypted = join(setup.root, `run-${run}.age`);
        const decrypted = join(setup.root, `run-${run}.out`);
        ageEnc.push(await timeProcess("age", ["-r", setup.age.recipient, "-o", encrypted, input]));
        ageEncSync.push((await timeProcess("sync", ["-d", encrypted])).ms);
        ageDec.push(
          await timeProcess("age", ["-d", "-i", setup.age.key, "-o", decrypted, encrypted]),
        );
        ageDecSync.push((await timeProcess("sync", ["-d", decrypted])).ms);
        Deno.removeSync(encrypted);
        Deno.removeSync(decrypted);
      }
    }
    Deno.removeSync(input);
    const s = summarise(seal);
    const o = summarise(open);
    const ae = setup.age ? summarise(ageEnc) : null;
    const ad = setup.age ? summarise(ageDec) : null;
    const mb = size / 1e6;
    const name = sizeName(size);
    const largest = size === sizes[sizes.length - 1];
    if (largest) {
      rows.push({
        section: "throughput (whole process)",
        name: `seal ${name}`,
        plico: mb / (s.ms / 1000),
        unit: "MB/s",
        better: "higher",
        reference: ae ? mb / (ae.ms / 1000) : undefined,
        referenceName: ae ? "age -r (no fsync)" : "age not installed",
        note: `plico ${(s.ms / 1000).toFixed(2)} s wall, ${(s.cpuMs / 1000).toFixed(2)} s CPU`,
      });
      if (ae) {
        rows.push({
          section: "throughput (whole process)",
          name: `seal ${name}, both durable`,
          plico: mb / (s.ms / 1000),
          unit: "MB/s",
          better: "higher",
          reference: mb / ((ae.ms + median(ageEncSync)) / 1000),
          referenceName: "age -r, then sync -d of its output",
        });
      }
      rows.push({
        section: "throughput (whole process)",
        name: `open ${name}`,
        plico: mb / (o.ms / 1000),
        unit: "MB/s",
        better: "higher",
        reference: ad ? mb / (ad.ms / 1000) : undefined,
        referenceName: ad ? "age -d (no fsync)" : "age not installed",
        note: `plico ${(o.ms / 1000).toFixed(2)} s wall, ${(o.cpuMs / 1000).toFixed(2)} s CPU`,
      });
      if (ad) {
        rows.push({
          section: "throughput (whole process)",
          name: `open ${name}, both durable`,
          plico: mb / (o.ms / 1000),
          unit: "MB/s",
          better: "higher",
          reference: mb / ((ad.ms + median(ageDecSync)) / 1000),
          referenceName: "age -d, then sync -d of its output",
        });
      }
    }
    rows.push({
      section: "peak memory (whole process)",
      name: `seal ${name} peak RSS`,
      plico: s.rssMiB,
      unit: "MiB",
      better: "lower",
      reference: ae?.rssMiB,
      referenceName: ae ? "age -r" : undefined,
    });
    rows.push({
      section: "peak memory (whole process)",
      name: `open ${name} peak RSS`,
      plico: o.rssMiB,
      unit: "MiB",
      better: "lower",
      reference: ad?.rssMiB,
      referenceName: ad ? "age -d" : undefined,
    });
  }
  return rows;
}
