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

/** Goals of issue 14 (docs/PERFORMANCE.md), as ratios of throughput to age's in the same run. */
const SEAL_TARGET = 0.7;
const OPEN_TARGET = 0.8;
/** Against age followed by `sync -d` (both outputs durable). */
const DURABLE_TARGET = 0.9;
/** Peak resident memory of a whole seal or open, whatever the attachment size. */
const RSS_TARGET_MIB = 200;

/** Medians of one command over the runs. */
interface Figures {
  ms: number;
  fastestMs: number;
  cpuMs: number;
  rssMiB: number;
}

function summarise(runs: ProcessRun[]): Figures {
  return {
    ms: median(runs.map((r) => r.ms)),
    fastestMs: Math.min(...runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    rssMiB: median(runs.map((r) => r.rssMiB)),
  };
}

/** Wall and CPU seconds of Plico and of the reference, for the note of a throughput row. */
function cpuNote(p: Figures, ref: Figures | null): string {
  const own = `plico ${(p.ms / 1000).toFixed(2)} s wall, ${(p.cpuMs / 1000).toFixed(2)} s CPU`;
  if (!ref) return own;
  // The kernel's state swings single runs by 2x here (docs/PERFORMANCE.md): the fastest run of
  // each says what the programs can do when it does not get in the way; the target stays on
  // the medians.
  const best = Math.floor((ref.fastestMs / p.fastestMs) * 100 + 1e-9) / 100; // cut, as the table
  const fastest = `fastest runs ${(p.fastestMs / 1000).toFixed(2)} s and ` +
    `${(ref.fastestMs / 1000).toFixed(2)} s, ${best.toFixed(2)}x`;
  return `${own}; age ${(ref.ms / 1000).toFixed(2)} s wall, ${(ref.cpuMs / 1000).toFixed(2)} s ` +
    `CPU; ${fastest}`;
}

function sizeName(bytes: number): string {
  return bytes >= 1 << 30 ? `${bytes / (1 << 30)} GiB` : `${bytes / (1 << 20)} MiB`;
}

/**
 * Writes `bytes` into a scratch file in `dir` and removes it, right before a timed run, so that
 * every program starts with the same memory just freed. On these VMs memory freed more than a
 * couple of seconds earlier has been handed back to the host (virtio-balloon free page
 * reporting), and filling it again costs several times the kernel time: the same 1 GiB open onto
 * the disk took 1.8–2.0 s right after a 1 GiB file was removed, and 6.4–7.8 s five seconds after
 * (docs/PERFORMANCE.md). Without this, a program run later in a round got the returned memory
 * (Plico's open always did, age never).
 */
async function freshPages(dir: string, bytes: number): Promise<void> {
  const path = join(dir, "fresh-pages.tmp");
  await writeRandomFile(path, bytes);
  await Deno.remove(path);
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
      await freshPages(setup.root, size);
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
      await freshPages(setup.root, size);
      open.push(
        await timePlico(["open", envelope, "--out-dir", outDir, ...profileArgs(setup.bob)]),
      );
      Deno.removeSync(envelope);
      Deno.removeSync(outDir, { recursive: true });
      if (setup.age) {
        const encrypted = join(setup.root, `run-${run}.age`);
        const decrypted = join(setup.root, `run-${run}.out`);
        await freshPages(setup.root, size);
        ageEnc.push(await timeProcess("age", ["-r", setup.age.recipient, "-o", encrypted, input]));
        ageEncSync.push((await timeProcess("sync", ["-d", encrypted])).ms);
        await freshPages(setup.root, size);
        ageDec.push(
          await timeProcess("age", ["-d", "-i", setup.age.key, "-o", decrypted, encrypted]),
        );
        ageDecSync.push((await timeProcess("sync", ["-d", decrypted])).ms);
        Deno.removeSync(encrypted);
        Deno.removeSync(decrypted);
      }
    }
    // `open -` once per size: its peak memory (standard input is spooled to a private file).
    const piped = join(setup.root, "piped.plico");
    const pipedOut = join(setup.root, "piped-out");
    Deno.mkdirSync(pipedOut);
    await timePlico([
      "seal",
      "--to",
      "Bob",
      "--message-file",
      message,
      "--attach",
      input,
      "--out",
      piped,
      ...profileArgs(setup.alice),
    ]);
    const stdinOpen = await timePlico(
      ["open", "-", "--out-dir", pipedOut, ...profileArgs(setup.bob)],
      { file: piped },
    );
    Deno.removeSync(piped);
    Deno.removeSync(pipedOut, { recursive: true });
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
        note: cpuNote(s, ae),
        target: { atLeastRatio: SEAL_TARGET },
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
          target: { atLeastRatio: DURABLE_TARGET },
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
        note: cpuNote(o, ad),
        target: { atLeastRatio: OPEN_TARGET },
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
          target: { atLeastRatio: DURABLE_TARGET },
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
      target: { atMost: RSS_TARGET_MIB },
    });
    rows.push({
      section: "peak memory (whole process)",
      name: `open ${name} peak RSS`,
      plico: o.rssMiB,
      unit: "MiB",
      better: "lower",
      reference: ad?.rssMiB,
      referenceName: ad ? "age -d" : undefined,
      target: { atMost: RSS_TARGET_MIB },
    });
    rows.push({
      section: "peak memory (whole process)",
      name: `open - ${name} peak RSS`,
      plico: stdinOpen.rssMiB,
      unit: "MiB",
      better: "lower",
      reference: ad?.rssMiB,
      referenceName: ad ? "age -d (from a file)" : undefined,
      note: "envelope on standard input, one run",
      target: { atMost: RSS_TARGET_MIB },
    });
  }
  return rows;
}
