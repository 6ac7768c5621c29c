/** `plico carrier embed | extract | capacity`: the optional PNG carrier. @module */

import { coverCapacity, embedEnvelope, extractEnvelope } from "../../../application/carrier.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { CARRIER_KEY_FILE_MAX_BYTES, PNG_MAX_FILE_BYTES } from "../../../domain/limits.ts";
import { type Command, type CommandContext, NO_RIGHTS, type Values } from "../command.ts";
import { flag, json, str } from "../common_options.ts";
import { assertNewOutput, readInput, writeNewFile } from "../files.ts";

/** Largest envelope the carrier reads (a cover of the pixel limit holds about 24 MiB). */
const CARRIER_ENVELOPE_INPUT_LIMIT = 32 * 1024 * 1024;

const KEY_HELP =
  `  --key-file FILE        a secret file both of you have: the hidden bits are ordered and
                         masked with a key derived from it (default: a public key, which
                         only hides the data from tools that do not know Plico)`;

async function keyFile(ctx: CommandContext, values: Values): Promise<Uint8Array | null> {
  const path = str(values, "key-file");
  return path === undefined ? null : await readInput(ctx.io, path, CARRIER_KEY_FILE_MAX_BYTES);
}

function requireOut(values: Values): string {
  const out = str(values, "out");
  if (out === undefined || out === "-") throw new PlicoError("usage", "--out FILE is required");
  assertNewOutput(out);
  return out;
}

export const carrierEmbedCommand: Command = {
  name: ["carrier", "embed"],
  summary: "hide an envelope in a PNG image (a cover you give, or a generated one)",
  args: "ENVELOPE",
  help: `  --cover COVER.png      a lossless PNG to hide the envelope in (default: generate one)
  --out OUT.png          the carrier image to write (never overwrites)
${KEY_HELP}

Send the carrier as a file or document: services that recompress images destroy it.`,
  options: {
    cover: { type: "string" },
    out: { type: "string" },
    "key-file": { type: "string" },
    json: { type: "boolean" },
  },
  rights: NO_RIGHTS,
  positionals: [1, 1],
  async run(ctx, values, [envelopePath]) {
    const out = requireOut(values);
    const envelope = await readInput(ctx.io, envelopePath!, CARRIER_ENVELOPE_INPUT_LIMIT);
    const coverPath = str(values, "cover");
    const cover = coverPath === undefined
      ? null
      : await readInput(ctx.io, coverPath, PNG_MAX_FILE_BYTES);
    const png = await embedEnvelope(ctx.carrierDeps(), envelope, cover, await keyFile(ctx, values));
    await writeNewFile(out, png);
    if (flag(values, "json")) ctx.io.out(json({ out, bytes: png.length, hidden: envelope.length }));
    else ctx.io.out(`Hid ${envelope.length} bytes in ${out}.\n`);
    return 0;
  },
};

export const carrierExtractCommand: Command = {
  name: ["carrier", "extract"],
  summary: "get an envelope back out of a carrier PNG",
  args: "IN.png",
  help: `  --out ENVELOPE         where to write the envelope (never overwrites); then 'plico open'
${KEY_HELP}`,
  options: { out: { type: "string" }, "key-file": { type: "string" }, json: { type: "boolean" } },
  rights: NO_RIGHTS,
  positionals: [1, 1],
  async run(ctx, values, [pngPath]) {
    const out = requireOut(values);
    const png = await readInput(ctx.io, pngPath!, PNG_MAX_FILE_BYTES);
    const envelope = await extractEnvelope(ctx.carrierDeps(), png, await keyFile(ctx, values));
    await writeNewFile(out, envelope);
    if (flag(values, "json")) ctx.io.out(json({ out, bytes: envelope.length }));
    else ctx.io.out(`Extracted ${envelope.length} bytes to ${out}; open it with 'plico open'.\n`);
    return 0;
  },
};

export const carrierCapacityCommand: Command = {
  name: ["carrier", "capacity"],
  summary: "tell how many envelope bytes a cover PNG can hold",
  args: "COVER.png",
  help: "  --json                 machine-readable output",
  options: { json: { type: "boolean" } },
  rights: NO_RIGHTS,
  positionals: [1, 1],
  async run(ctx, values, [pngPath]) {
    const png = await readInput(ctx.io, pngPath!, PNG_MAX_FILE_BYTES);
    const bytes = await coverCapacity(ctx.carrierDeps(), png);
    if (flag(values, "json")) ctx.io.out(json({ capacityBytes: bytes }));
    else ctx.io.out(`${pngPath} can hold an envelope of up to ${bytes} bytes.\n`);
    return 0;
  },
};
