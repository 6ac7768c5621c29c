/**
 * `plico qr`: a small file (setup file, short envelope) as a sequence of QR codes, shown on the
 * terminal or written as PNG images, and read back from screenshots or photos (PROTOCOL-qr).
 *
 * @module
 */

import { join, resolve } from "node:path";
import { readQrImages, showAsQr } from "../../../application/qr_transfer.ts";
import {
  KiB,
  PNG_MAX_FILE_BYTES,
  QR_MAX_PARTS,
  QR_MAX_PAYLOAD_BYTES,
} from "../../../domain/limits.ts";
import { isPlicoError, PlicoError } from "../../../domain/errors.ts";
import { payloadSize } from "../../../domain/qr/mod.ts";
import { Cancelled } from "../cancelled.ts";
import type { CliIo } from "../cli_io.ts";
import { encodePng } from "../../carrier/png/png_encoder.ts";
import { qrModules, qrRaster, qrTerminalLines } from "../../qr/qr_symbol.ts";
import { type Command, type CommandContext, NO_RIGHTS, type Values } from "../command.ts";
import { flag, json, str } from "../common_options.ts";
import { assertNewOutput, readInput, writeNewFile, writeOutput } from "../files.ts";
import { humanSize } from "../human_size.ts";
import { assertWritableDirectory, dataOutput } from "../output_target.ts";
import { RECOGNIZE_HEAD_BYTES, recognizeFile } from "../recognize_file.ts";
import { shellQuote } from "../shell_quote.ts";

/** Input read for showing: past the QR limit, so the error can say how large the file is. */
const QR_INPUT_READ_LIMIT = 64 * KiB;
/** Most images `--read` takes: every part, each several times over. */
const QR_READ_MAX_IMAGES = 4 * QR_MAX_PARTS;
/** Pixels per module in the PNG files: a version-15 code is 680 × 680 pixels. */
const PNG_MODULE_PX = 8;
const CLEAR_SCREEN = "\x1b[2J\x1b[H";

/** The neutral file name of code `index` (0-based) of `count`: it says only the order. */
export function qrPngName(index: number, count: number): string {
  const width = String(count).length;
  return `qr-${String(index + 1).padStart(width, "0")}-of-${count}.png`;
}

async function writePngs(dir: string, parts: Uint8Array[]): Promise<string[]> {
  const names = parts.map((_, i) => join(dir, qrPngName(i, parts.length)));
  assertWritableDirectory(dir);
  // All names are checked before the first is written: either every code is written or none.
  for (const name of names) assertNewOutput(name);
  for (const [i, part] of parts.entries()) {
    const { width, height, grey } = qrRaster(qrModules(part), PNG_MODULE_PX);
    const png = await encodePng({ width, height, channels: 1, bitDepth: 8, samples: grey });
    await writeNewFile(names[i]!, png);
  }
  return names;
}

/**
 * Refuses a terminal too small for the codes: a wrapped or scrolled code cannot be scanned,
 * and nothing would tell the user why. The first code is the largest of a sequence.
 */
function assertTerminalFits(io: CliIo, lines: readonly string[], width: number): void {
  const size = io.terminalSize();
  const rows = lines.length + 3; // heading, code, prompt, a line of room
  if (size === null || (size.columns >= width && size.rows >= rows)) return;
  throw new PlicoError(
    "usage",
    `the terminal is ${size.columns}×${size.rows}, a code needs ${width}×${rows}: enlarge the ` +
      `window or make its font smaller, or write the codes as images with --out-dir DIR`,
  );
}

async function showOnTerminal(ctx: CommandContext, parts: Uint8Array[]): Promise<void> {
  const io = ctx.io;
  const interactive = io.stdoutIsTerminal() && io.stdinIsTerminal();
  if (interactive) {
    const modules = qrModules(parts[0]!);
    assertTerminalFits(io, qrTerminalLines(modules, false), modules.length);
  }
  try {
    await showEach(io, parts, interactive);
  } catch (e) {
    // Ctrl-C: the code on screen goes, as with q.
    if (interactive && e instanceof Cancelled) io.out(CLEAR_SCREEN);
    throw e;
  }
}

async function showEach(io: CliIo, parts: Uint8Array[], interactive: boolean): Promise<void> {
  for (let i = 0; i < parts.length;) {
    const lines = qrTerminalLines(qrModules(parts[i]!), io.stdoutIsTerminal());
    const heading = `Code ${i + 1} of ${parts.length}`;
    if (!interactive) {
      io.out(`${heading}\n${lines.join("\n")}\n\n`);
      i++;
      continue;
    }
    io.out(`${CLEAR_SCREEN}${heading}\n${lines.join("\n")}\n`);
    const last = i === parts.length - 1;
    const key = await io.readKey(
      last
        ? "Last code. Space or Enter: done, b: back, q: stop."
        : "Scan it, then Space or Enter: next, b: back, q: stop.",
    );
    if (key === "stop") {
      io.out(
        `${CLEAR_SCREEN}Stopped at code ${i + 1} of ${parts.length}. Run the command again to ` +
          `start over: its codes are a new sequence, not to be mixed with these.\n`,
      );
      return;
    }
    if (key === "back") i = Math.max(0, i - 1);
    else i++;
  }
  if (interactive) io.out(`${CLEAR_SCREEN}All ${parts.length} codes shown.\n`);
}

async function showCommand(ctx: CommandContext, values: Values, path: string): Promise<number> {
  const outDir = str(values, "out-dir");
  if (outDir === "") throw new PlicoError("usage", "--out-dir needs a directory");
  if (flag(values, "json") && outDir === undefined) {
    throw new PlicoError("usage", "--json needs --out-dir: the codes themselves are not JSON");
  }
  const payload = await readInput(ctx.io, path, QR_INPUT_READ_LIMIT).catch((e) => {
    // Past the read limit the file is far too large for codes: the same error as just past 12 KiB.
    if (isPlicoError(e) && e.code === "input.too_large") {
      throw path === "-"
        ? payloadSize(QR_INPUT_READ_LIMIT, QR_MAX_PAYLOAD_BYTES, true)
        : payloadSize(Deno.statSync(path).size, QR_MAX_PAYLOAD_BYTES);
    }
    throw e;
  });
  const parts = showAsQr(ctx.qrDeps(), payload);
  if (outDir === undefined) {
    await showOnTerminal(ctx, parts);
    return 0;
  }
  const names = await writePngs(outDir, parts);
  if (flag(values, "json")) {
    ctx.io.out(json({ files: names.map((n) => resolve(n)), bytes: payload.length }));
  } else {
    ctx.io.out(
      `Wrote ${parts.length} QR code${parts.length === 1 ? "" : "s"} for ` +
        `${humanSize(payload.length)} to ${resolve(outDir)} ` +
        `(${qrPngName(0, parts.length)} … ${qrPngName(parts.length - 1, parts.length)}); ` +
        `show them one after another to the other machine's camera, or send the images.\n`,
    );
  }
  return 0;
}

async function readCommand(ctx: CommandContext, values: Values, paths: string[]): Promise<number> {
  if (str(values, "out-dir") !== undefined) {
    throw new PlicoError("usage", "--out-dir is for showing a file; with --read give -o FILE");
  }
  if (paths.length > QR_READ_MAX_IMAGES) {
    throw new PlicoError("usage", `at most ${QR_READ_MAX_IMAGES} images at once`);
  }
  const out = dataOutput(ctx.io, values, { what: "file", binary: true, canArmor: false });
  const images = paths.map((path) => ({
    name: path,
    read: () => readInput(ctx.io, path, PNG_MAX_FILE_BYTES),
  }));
  const payload = await readQrImages(ctx.qrDeps(), images);
  await writeOutput(ctx.io, out, payload);
  if (flag(values, "json")) {
    ctx.io.out(json({ out: resolve(out!), bytes: payload.length, images: paths.length }));
    return 0;
  }
  const seen = recognizeFile(payload.subarray(0, RECOGNIZE_HEAD_BYTES), payload.length);
  const where = out === undefined ? "" : ` to ${resolve(out)}`;
  const next = out !== undefined && seen.command !== null
    ? `; next: ${seen.command.replace("FILE", shellQuote(out))}`
    : "";
  (out === undefined ? ctx.io.err : ctx.io.out)(
    `Read ${humanSize(payload.length)}${where}: ${seen.description}${next}.\n`,
  );
  return 0;
}

export const qrCommand: Command = {
  name: ["qr"],
  summary: "show a small file as QR codes, or read it back from images of them",
  args: "FILE | --read IMAGE...",
  help: `  --out-dir DIR          write one PNG image per code into DIR (qr-1-of-4.png …; never
                         overwrites) instead of showing the codes on the terminal
  --read                 read the codes from the PNG images given (screenshots or photos
                         saved as PNG, any order) and write the file they carry
  -o, --out FILE         with --read: where to write the file (never overwrites); - or no
                         -o: standard output, when that is not a terminal
  --json                 machine-readable output (needs --out-dir, or --read with -o FILE)

A file of up to 12 KiB fits (setup files, short envelopes); each code holds 390 bytes. On the
terminal the codes come one at a time: Space, Enter, n or → for the next, b or ← to go back,
q or Esc to stop; the terminal must be at least 85 columns by 46 rows for the largest code.
The codes add no protection: they carry exactly the file's bytes.`,
  examples: [
    "plico qr alice-setup.plico",
    "plico qr m1.bin --out-dir codes",
    "plico qr --read IMG_0001.png IMG_0002.png -o reply.plico",
  ],
  options: {
    "out-dir": { type: "string" },
    read: { type: "boolean" },
    out: { type: "string", short: "o" },
    json: { type: "boolean" },
  },
  rights: NO_RIGHTS,
  positionals: [1, QR_READ_MAX_IMAGES + 1],
  run(ctx, values, positionals) {
    if (flag(values, "read")) return readCommand(ctx, values, positionals);
    if (str(values, "out") !== undefined) {
      throw new PlicoError(
        "usage",
        "-o is for --read; to write images of the codes give --out-dir DIR",
      );
    }
    if (positionals.length !== 1) {
      throw new PlicoError("usage", "give one file to show (or --read with the images)");
    }
    return showCommand(ctx, values, positionals[0]!);
  },
};
