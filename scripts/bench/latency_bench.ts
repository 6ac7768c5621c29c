/**
 * Small-message latency: sealing and opening a 1 KiB message, as a whole process (the real
 * program: start-up, unlock with Argon2id, the work, the commit and its fsyncs) beside age on the
 * same message, and in-process through the use cases on an unlocked profile (the work and the
 * SQLite commits only).
 *
 * @module
 */

import { join } from "node:path";
import { connectedPair, open, seal } from "../../tests/support/active_session.ts";
import type { Row } from "./bench_table.ts";
import { type CliProfile, profileArgs, timePlico } from "./bench_fixture.ts";
import { median, timeProcess } from "./measure.ts";

const MESSAGE_BYTES = 1024;

/** Whole-process rows. */
export async function cliLatencyRows(
  root: string,
  alice: CliProfile,
  bob: CliProfile,
  age: { key: string; recipient: string } | null,
  runs: number,
): Promise<Row[]> {
  const message = join(root, "small.txt");
  Deno.writeTextFileSync(message, "x".repeat(MESSAGE_BYTES));
  const seal: number[] = [];
  const opened: number[] = [];
  const ageEnc: number[] = [];
  const ageDec: number[] = [];
  for (let run = 0; run < runs; run++) {
    const envelope = join(root, `small-${run}.plico`);
    const dir = join(root, `small-${run}`);
    Deno.mkdirSync(dir);
    seal.push(
      (await timePlico([
        "seal",
        "--to",
        "Bob",
        "--message-file",
        message,
        "--out",
        envelope,
        ...profileArgs(alice),
      ])).ms,
    );
    opened.push((await timePlico(["open", envelope, "--out-dir", dir, ...profileArgs(bob)])).ms);
    Deno.removeSync(envelope);
    Deno.removeSync(dir, { recursive: true });
    if (age) {
      const encrypted = join(root, `small-${run}.age`);
      const decrypted = join(root, `small-${run}.out`);
      ageEnc.push((await timeProcess("age", ["-r", age.recipient, "-o", encrypted, message])).ms);
      ageDec.push((await timeProcess("age", ["-d", "-i", age.key, "-o", decrypted, encrypted])).ms);
      Deno.removeSync(encrypted);
      Deno.removeSync(decrypted);
    }
  }
  const section = "1 KiB message latency";
  return [
    {
      section,
      name: "seal 1 KiB, whole process",
      plico: median(seal),
      unit: "ms",
      better: "lower",
      reference: age ? median(ageEnc) : undefined,
      referenceName: age ? "age -r" : undefined,
      note: "includes start-up and the Argon2id unlock",
    },
    {
      section,
      name: "open 1 KiB, whole process",
      plico: median(opened),
      unit: "ms",
      better: "lower",
      reference: age ? median(ageDec) : undefined,
      referenceName: age ? "age -d" : undefined,
      note: "includes start-up and the Argon2id unlock",
    },
  ];
}

/** In-process rows: `sealEnvelope` and `openEnvelope` on unlocked profiles, in memory. */
export async function inProcessLatencyRows(runs: number): Promise<Row[]> {
  const pair = await connectedPair();
  try {
    const text = "x".repeat(MESSAGE_BYTES);
    const seals: number[] = [];
    const opens: number[] = [];
    // Alternate directions so that every envelope is a ratchet step, the common case in a
    // conversation; one warm-up round first.
    for (let run = -1; run < runs; run++) {
      const [from, to, label] = run % 2 === 0
        ? [pair.alice, pair.bob, "Bob"] as const
        : [pair.bob, pair.alice, "Alice"] as const;
      let t = performance.now();
      const envelope = await seal(from, label, text);
      const sealMs = performance.now() - t;
      t = performance.now();
      await open(to, envelope);
      const openMs = performance.now() - t;
      if (run >= 0) {
        seals.push(sealMs);
        opens.push(openMs);
      }
    }
    const section = "1 KiB message latency";
    return [
      {
        section,
        name: "seal 1 KiB, in-process",
        plico: median(seals),
        unit: "ms",
        better: "lower",
        note: "sealEnvelope on an unlocked profile (state commit + fsync)",
      },
      {
        section,
        name: "open 1 KiB, in-process",
        plico: median(opens),
        unit: "ms",
        better: "lower",
        note: "openEnvelope: trial, one pass, burn commit + fsync",
      },
    ];
  } finally {
    pair.close();
  }
}
