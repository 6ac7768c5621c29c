/**
 * `deno task bench`: measures Plico side by side with reference tools in one run and prints a
 * table; `--json FILE` also writes the figures. Each figure is the median of several runs.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { join } from "node:path";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { ARGON2_DEFAULT } from "../../domain/limits.ts";
import { hasProgram, medianMs } from "./measure.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const { values } = parseArgs({
  args: Deno.args,
  options: { json: { type: "string" }, runs: { type: "string", default: "5" } },
  strict: true,
});
const runs = Math.max(1, Number(values.runs));

interface Row {
  name: string;
  plico: number;
  reference?: number;
  unit: string;
  note?: string;
}
const rows: Row[] = [];

// Startup: whole-process wall time of `plico version` under the shipped permission set.
const startup = await medianMs(runs, async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "plico", "version"],
    cwd: ROOT,
    stdout: "null",
  }).output();
  if (out.code !== 0) throw new Error("plico version failed");
});
rows.push({ name: "startup: plico version", plico: startup, unit: "ms" });

// Unlock cost: Argon2id with the default profile parameters vs the Debian argon2 CLI.
const crypto = createCrypto();
const salt = crypto.sha256(new TextEncoder().encode("bench salt")).subarray(0, 16);
const argon = await medianMs(
  runs,
  () => crypto.argon2id(new TextEncoder().encode("bench passphrase"), salt, ARGON2_DEFAULT, 32),
);
let argonCli: number | undefined;
if (hasProgram("argon2")) {
  argonCli = await medianMs(runs, async () => {
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
  name: "unlock: Argon2id t=2 m=64MiB p=4",
  plico: argon,
  reference: argonCli,
  unit: "ms",
  note: argonCli === undefined
    ? "argon2 CLI not installed (apt-get install argon2)"
    : "vs argon2 CLI",
});

const width = Math.max(...rows.map((r) => r.name.length));
console.log(
  `${"benchmark".padEnd(width)}  ${"plico".padStart(10)}  ${"reference".padStart(10)}  ratio`,
);
for (const r of rows) {
  const ref = r.reference === undefined ? "-" : r.reference.toFixed(1);
  const ratio = r.reference === undefined ? "-" : (r.plico / r.reference).toFixed(2);
  console.log(
    `${r.name.padEnd(width)}  ${(r.plico.toFixed(1) + " " + r.unit).padStart(10)}  ${
      ref.padStart(10)
    }  ${ratio}${r.note ? `  (${r.note})` : ""}`,
  );
}
if (values.json) {
  Deno.writeTextFileSync(
    join(Deno.cwd(), values.json),
    JSON.stringify({ date: new Date().toISOString(), runs, rows }, null, 2) + "\n",
  );
}
