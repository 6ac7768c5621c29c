/**
 * `deno task build [--target TRIPLE]...`: compiles `main.ts` into one binary per target with the
 * single shipped permission set (`deno.json` permissions.plico), `--frozen` dependencies and
 * the VERSION embedded (a static text import), then writes `SHA256SUMS` beside the outputs.
 *
 * `deno compile` needs the `denort` runtime of the target. Deno downloads it from the internet;
 * on an offline build machine set `DENORT_BIN` to a `denort` binary of the same Deno version.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { basename, join } from "node:path";
import { createHash } from "node:crypto";
import { SHIPPED_ENTRY_POINTS } from "./shipped_entry_points.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const VERSION = Deno.readTextFileSync(join(ROOT, "VERSION")).trim();

const { values } = parseArgs({
  args: Deno.args,
  options: {
    target: { type: "string", multiple: true },
    out: { type: "string", default: join(ROOT, "dist") },
  },
  strict: true,
});

const HOST = Deno.build.target;
const targets = values.target && values.target.length > 0 ? values.target : [HOST];
const outDir = values.out!;
Deno.mkdirSync(outDir, { recursive: true });

const denort = Deno.env.get("DENORT_BIN");
if (denort) {
  try {
    if (!Deno.statSync(denort).isFile) throw new Error("not a file");
  } catch (e) {
    console.error(`build: DENORT_BIN=${denort} is not a readable file (${(e as Error).message})`);
    Deno.exit(1);
  }
}

const sums: string[] = [];
for (const target of targets) {
  const suffix = target.includes("windows") ? ".exe" : "";
  const output = join(outDir, `plico-${VERSION}-${target}${suffix}`);
  const args = [
    "compile",
    "--frozen",
    "--no-prompt",
    "--permission-set=plico",
    "--exclude-unused-npm",
    // Worker entry points are loaded by URL at run time, so they must be embedded explicitly.
    ...SHIPPED_ENTRY_POINTS.slice(1).flatMap((p) => ["--include", join(ROOT, p)]),
    "--target",
    target,
    "--output",
    output,
    join(ROOT, SHIPPED_ENTRY_POINTS[0]!),
  ];
  console.error(`build: ${target} -> ${output}`);
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(result.stderr);
  if (result.code !== 0) {
    console.error(stderr);
    if (/denort|download|dl\.deno\.land|failed to fetch|network|dns/i.test(stderr)) {
      console.error(
        `build: no Deno runtime (denort) for ${target} could be had. deno compile downloads it ` +
          `from the internet; on an offline machine set DENORT_BIN to a denort binary of Deno ` +
          `${Deno.version.deno} for this target, or build on a connected machine and carry the ` +
          `binary over.`,
      );
    }
    Deno.exit(result.code || 1);
  }
  const digest = createHash("sha256").update(Deno.readFileSync(output)).digest("hex");
  sums.push(`${digest}  ${basename(output)}`);
}
Deno.writeTextFileSync(join(outDir, "SHA256SUMS"), sums.join("\n") + "\n");
console.error(`build: wrote ${join(outDir, "SHA256SUMS")}`);
