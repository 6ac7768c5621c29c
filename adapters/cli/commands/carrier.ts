/** `plico carrier embed | extract | capacity`: the optional PNG carrier. @module */

import { resolve } from "node:path";
import { coverCapacity, embedEnvelope, extractEnvelope } from "../../../application/carrier.ts";
import { CARRIER_KEY_FILE_MAX_BYTES, PNG_MAX_FILE_BYTES } from "../../../domain/limits.ts";
import { type Command, type CommandContext, NO_RIGHTS, type Values } from "../command.ts";
import { flag, json, str } from "../common_options.ts";
import { readInput, writeOutput } from "../files.ts";
import { humanSize } from "../human_size.ts";
import { dataOutput } from "../output_target.ts";
import { shellQuote } from "../shell_quote.ts";

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

export const carrierEmbedCommand: Command = {
  name: ["carrier", "embed"],
  summary: "hide an envelope in a PNG image (a cover you give, or a generated one)",
  args: "ENVELOPE",
  help: `  --cover COVER.png      a lossless PNG to hide the envelope in (default: generate one)
  -o, --out OUT.png      the carrier image to write (never overwrites); - or no -o: standard
                         output, when that is not a terminal
${KEY_HELP}
  --json                 machine-readable output (needs -o FILE)

Send the carrier as a file or document: services that recompress images destroy it.`,
  examples: [
    "plico carrier embed m1.bin -o holiday.png",
    "plico carrier embed m1.bin --cover photo.png --key-file shared.jpg -o photo2.png",
  ],
  options: {
    cover: { type: "string" },
    out: { type: "string", short: "o" },
    "key-file": { type: "string" },
    json: { type: "boolean" },
  },
  rights: NO_RIGHTS,
  positionals: [1, 1],
  async run(ctx, values, [envelopePath]) {
    const out = dataOutput(ctx.io, values, { what: "PNG image", binary: true, canArmor: false });
    const envelope = await readInput(ctx.io, envelopePath!, CARRIER_ENVELOPE_INPUT_LIMIT);
    const coverPath = str(values, "cover");
    const cover = coverPath === undefined
      ? null
      : await readInput(ctx.io, coverPath, PNG_MAX_FILE_BYTES);
    const png = await embedEnvelope(ctx.carrierDeps(), envelope, cover, await keyFile(ctx, values));
    await writeOutput(ctx.io, out, png);
    if (flag(values, "json")) {
      ctx.io.out(json({ out: resolve(out!), bytes: png.length, hidden: envelope.length }));
    } else {
      (out === undefined ? ctx.io.err : ctx.io.out)(
        `Hid ${humanSize(envelope.length)} in ` +
          `${out === undefined ? "the image" : resolve(out)} (${humanSize(png.length)}).\n`,
      );
    }
    return 0;
  },
};

export const carrierExtractCommand: Command = {
  name: ["carrier", "extract"],
  summary: "get an envelope back out of a carrier PNG",
  args: "IN.png",
  help: `  -o, --out ENVELOPE     where to write the envelope (never overwrites); then 'plico open';
                         - or no -o: standard output, when that is not a terminal
${KEY_HELP}
  --json                 machine-readable output (needs -o FILE)`,
  examples: [
    "plico carrier extract holiday.png -o m1.bin",
    "plico carrier extract holiday.png | plico open -",
  ],
  options: {
    out: { type: "string", short: "o" },
    "key-file": { type: "string" },
    json: { type: "boolean" },
  },
  rights: NO_RIGHTS,
  positionals: [1, 1],
  async run(ctx, values, [pngPath]) {
    const out = dataOutput(ctx.io, values, { what: "envelope", binary: true, canArmor: false });
    const png = await readInput(ctx.io, pngPath!, PNG_MAX_FILE_BYTES);
    const envelope = await extractEnvelope(ctx.carrierDeps(), png, await keyFile(ctx, values));
    await writeOutput(ctx.io, out, envelope);
    if (flag(values, "json")) ctx.io.out(json({ out: resolve(out!), bytes: envelope.length }));
    else if (out === undefined) ctx.io.err(`Extracted ${humanSize(envelope.length)}.\n`);
    else {
      ctx.io.out(
        `Extracted ${humanSize(envelope.length)} to ${resolve(out)}; open it with ` +
          `'plico open ${shellQuote(out)}'.\n`,
      );
    }
    return 0;
  },
};

export const carrierCapacityCommand: Command = {
  name: ["carrier", "capacity"],
  summary: "tell how many envelope bytes a cover PNG can hold",
  args: "COVER.png",
  help: "  --json                 machine-readable output",
  examples: ["plico carrier capacity photo.png"],
  options: { json: { type: "boolean" } },
  rights: NO_RIGHTS,
  positionals: [1, 1],
  async run(ctx, values, [pngPath]) {
    const png = await readInput(ctx.io, pngPath!, PNG_MAX_FILE_BYTES);
    const bytes = await coverCapacity(ctx.carrierDeps(), png);
    if (flag(values, "json")) ctx.io.out(json({ capacityBytes: bytes }));
    else {
      ctx.io.out(
        `${pngPath} can hold an envelope of up to ${humanSize(bytes)} (${bytes} bytes).\n`,
      );
    }
    return 0;
  },
};
