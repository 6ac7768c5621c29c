/**
 * `plico inspect FILE`: what a file is, without unlocking anything and without claiming more
 * than its bytes show (`recognize_file.ts`). Setup files are checked by the same no-rights
 * parser `session answer/finish` use; a PNG is measured by the sandboxed carrier. An envelope
 * cannot be told from random bytes by design: only the receiving profile can open it.
 *
 * @module
 */

import { coverCapacity } from "../../../application/carrier.ts";
import { isPlicoError, PlicoError } from "../../../domain/errors.ts";
import { PNG_MAX_FILE_BYTES } from "../../../domain/limits.ts";
import { checkSetupFileSandboxed } from "../../sandbox/check_setup_file.ts";
import { type Command, NO_RIGHTS } from "../command.ts";
import { flag, json } from "../common_options.ts";
import { readInput } from "../files.ts";
import { humanSize } from "../human_size.ts";
import { RECOGNIZE_HEAD_BYTES, recognizeFile } from "../recognize_file.ts";
import { shellQuote } from "../shell_quote.ts";

/** Setup files are small; reading more than this for one is pointless. */
const SETUP_READ_LIMIT = 16 * 1024;

export const inspectCommand: Command = {
  name: ["inspect"],
  summary:
    "say what a file is (setup file, armored text, PNG, probably an envelope) without unlocking",
  args: "FILE",
  help: `  --json                 machine-readable output

Reads only the file: no profile, no passphrase, no network. An envelope has no visible marks
(its bytes look random on purpose), so "probably an envelope" is all anyone can say without
the receiving profile.`,
  examples: ["plico inspect m1.bin", "plico inspect holiday.png --json"],
  options: { json: { type: "boolean" } },
  rights: NO_RIGHTS,
  positionals: [1, 1],
  async run(ctx, values, [path]) {
    let size: number;
    let head: Uint8Array;
    const file = await Deno.open(path!, { read: true }).catch((e) => {
      if (e instanceof Deno.errors.NotFound) throw new PlicoError("io", `${path}: no such file`);
      if (e instanceof Deno.errors.PermissionDenied) {
        throw new PlicoError("io", `${path}: permission denied`);
      }
      throw e;
    });
    try {
      const info = await file.stat();
      if (!info.isFile) throw new PlicoError("io", `${path}: not a regular file`);
      size = info.size;
      const buf = new Uint8Array(RECOGNIZE_HEAD_BYTES);
      let n = 0;
      while (n < buf.length) {
        const got = await file.read(buf.subarray(n));
        if (got === null) break;
        n += got;
      }
      head = buf.subarray(0, n);
    } finally {
      file.close();
    }
    const seen = recognizeFile(head, size);
    let description = seen.description;
    let capacityBytes: number | null = null;
    let wellFormed: boolean | null = null;
    if (seen.kind.endsWith("initiator") || seen.kind.endsWith("responder")) {
      const kind = seen.kind.endsWith("initiator") ? "initiator" : "responder";
      try {
        await checkSetupFileSandboxed(await readInput(ctx.io, path!, SETUP_READ_LIMIT), kind);
        wellFormed = true;
      } catch (e) {
        if (!isPlicoError(e)) throw e;
        wellFormed = false;
        description += `, but it does not pass the checks: ${e.message}`;
      }
    }
    if (seen.kind === "png" && size <= PNG_MAX_FILE_BYTES) {
      try {
        const png = await readInput(ctx.io, path!, PNG_MAX_FILE_BYTES);
        capacityBytes = await coverCapacity(ctx.carrierDeps(), png);
        description += `; as a cover it holds an envelope of up to ${humanSize(capacityBytes)}`;
      } catch (e) {
        if (!isPlicoError(e)) throw e;
        description += `; it cannot serve as a cover (${e.message})`;
      }
    }
    const command = seen.command?.replace("FILE", shellQuote(path!)) ?? null;
    if (flag(values, "json")) {
      ctx.io.out(
        json({ kind: seen.kind, bytes: size, description, command, wellFormed, capacityBytes }),
      );
    } else {
      ctx.io.out(
        `${path}: ${description}.\nSize: ${humanSize(size)}.\n` +
          (command === null ? "" : `Next step: ${command}\n`),
      );
    }
    return 0;
  },
};
