/** `plico seal`: seal a message and attachments to a session. @module */

import { basename } from "node:path";
import { sealEnvelope } from "../../../application/seal_envelope.ts";
import { armor } from "../../../domain/armor.ts";
import { fromUtf8, utf8 } from "../../../domain/bytes.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { ARMOR_MAX_ENVELOPE_BYTES, PACKAGE_TEXT_MAX_BYTES } from "../../../domain/limits.ts";
import { openFileSource } from "../../fs/file_source.ts";
import { newFileSink } from "../../fs/new_file_sink.ts";
import type { ByteSink } from "../../../application/ports.ts";
import type { Command, Values } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { assertNewOutput, readInput } from "../files.ts";
import { writeEnvelopeFile } from "../../fs/envelope_file.ts";
import { mediaTypeFor } from "../media_type.ts";
import { progressBar } from "../progress.ts";
import { withProfile } from "../with_profile.ts";
import { memorySink } from "../../fs/memory_sink.ts";

/** Parses `--expires`: "30m", "12h", "7d", or an ISO date/time in the future. */
export function parseExpiry(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const rel = /^([1-9][0-9]{0,5})([mhd])$/.exec(value);
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as "m" | "h" | "d"];
    return now + Number(rel[1]) * unit;
  }
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(at)) {
    throw new PlicoError("usage", "--expires takes 30m, 12h, 7d or an ISO date like 2026-12-31");
  }
  if (at <= now) throw new PlicoError("usage", "--expires must be in the future");
  return at;
}

async function attachments(values: Values) {
  const paths = (values.attach as string[] | undefined) ?? [];
  const list = [];
  for (const path of paths) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) throw e;
      throw new PlicoError("io", `${path}: ${(e as Error).message}`);
    }
    if (!info.isFile) throw new PlicoError("io", `${path}: not a regular file`);
    const name = basename(path);
    list.push({
      name,
      mediaType: mediaTypeFor(name),
      size: info.size,
      open: () => openFileSource(path),
    });
  }
  return list;
}

export const sealCommand: Command = {
  name: ["seal"],
  summary: "seal a message (and files) into an envelope for a session",
  args: "",
  help: `  --to LABEL             the session to seal to
  --message-file FILE    the message text (UTF-8); without it, read from standard input
  --attach FILE          attach a file (repeat for more)
  --out FILE             the envelope to write (never overwrites; - for standard output)
  --armor                write the text form (BEGIN/END lines, base64)
  --expires WHEN         refuse to open after 30m, 12h, 7d, or an ISO date
${PROFILE_OPTIONS_HELP}`,
  options: {
    ...PROFILE_OPTIONS,
    to: { type: "string" },
    "message-file": { type: "string" },
    attach: { type: "string", multiple: true },
    out: { type: "string" },
    armor: { type: "boolean" },
    expires: { type: "string" },
  },
  positionals: [0, 0],
  async run(ctx, values) {
    const to = str(values, "to");
    if (to === undefined) throw new PlicoError("usage", "--to LABEL is required");
    const out = str(values, "out");
    if (out === undefined) throw new PlicoError("usage", "--out FILE is required (- for stdout)");
    assertNewOutput(out);
    const messageFile = str(values, "message-file");
    if (messageFile === undefined && str(values, "passphrase-fd") === "0") {
      throw new PlicoError(
        "usage",
        "standard input cannot carry both the passphrase and the message",
      );
    }
    if (messageFile === undefined && ctx.io.stdinIsTerminal()) {
      ctx.io.err("Type the message, then Ctrl-D on a new line:\n");
    }
    const raw = messageFile === undefined
      ? await ctx.io.readStdin(PACKAGE_TEXT_MAX_BYTES)
      : await readInput(ctx.io, messageFile, PACKAGE_TEXT_MAX_BYTES);
    let text: string;
    try {
      text = fromUtf8(raw);
    } catch {
      throw new PlicoError("input.malformed", "the message text is not valid UTF-8");
    }
    const files = await attachments(values);
    const expiresAt = parseExpiry(str(values, "expires"), Date.now());
    const armored = flag(values, "armor");
    if (armored && files.reduce((n, f) => n + f.size, raw.length) > ARMOR_MAX_ENVELOPE_BYTES) {
      throw new PlicoError(
        "input.too_large",
        `--armor is for envelopes up to ${ARMOR_MAX_ENVELOPE_BYTES} bytes; send the binary file`,
      );
    }
    return withProfile(ctx, values, async (deps, profile) => {
      const memory = armored ? memorySink(ARMOR_MAX_ENVELOPE_BYTES + 64 * 1024) : null;
      // Standard output streams as it goes: a pipe cannot take bytes back anyway.
      const stdout: ByteSink = {
        write: (b) => Promise.resolve(ctx.io.outBytes(b)),
        commit: () => Promise.resolve(),
        abort: () => Promise.resolve(),
      };
      const sink = memory ?? (out === "-" ? stdout : await newFileSink(out));
      const result = await sealEnvelope(
        deps,
        profile,
        { to, text, attachments: files, expiresAt },
        sink,
        progressBar(ctx.io, "sealing"),
      );
      if (memory) {
        const bytes = memory.bytes();
        if (out === "-") ctx.io.outBytes(utf8(armor("ENVELOPE", bytes)));
        else await writeEnvelopeFile(out, bytes, true);
      }
      const message = `Sealed ${result.bytes} bytes to "${result.label}"` +
        (out === "-" ? "" : ` in ${out}`) + ".\n";
      if (flag(values, "json")) {
        ctx.io.out(json({ to: result.label, out, bytes: result.bytes, expiresAt }));
      } else if (out === "-") ctx.io.err(message);
      else ctx.io.out(message);
      return 0;
    });
  },
};
