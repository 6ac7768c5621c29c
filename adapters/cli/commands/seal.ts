/** `plico seal`: seal a message and attachments to a session. @module */

import { basename, resolve } from "node:path";
import { checkLabel } from "../../../application/session_label.ts";
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
import { readInput } from "../files.ts";
import { writeEnvelopeFile } from "../../fs/envelope_file.ts";
import { humanSize } from "../human_size.ts";
import { dataOutput } from "../output_target.ts";
import { mediaTypeFor } from "../media_type.ts";
import { progressBar } from "../progress.ts";
import { whileInterruptible } from "../interrupts.ts";
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
  -m, --message-file FILE
                         the message text (UTF-8); without it, read from standard input
  --attach FILE          attach a file (repeat for more)
  -o, --out FILE         the envelope to write (never overwrites); - or no -o: standard output,
                         when that is not a terminal
  -a, --armor            write the text form (BEGIN/END lines, base64)
  --expires WHEN         refuse to open after 30m, 12h, 7d, or an ISO date
${PROFILE_OPTIONS_HELP}`,
  examples: [
    "plico seal --to Bob -m note.txt --attach report.pdf -o m1.bin",
    "echo 'see you at 6' | plico seal --to Bob -a > m2.txt",
  ],
  options: {
    ...PROFILE_OPTIONS,
    to: { type: "string" },
    "message-file": { type: "string", short: "m" },
    attach: { type: "string", multiple: true },
    out: { type: "string", short: "o" },
    armor: { type: "boolean", short: "a" },
    expires: { type: "string" },
  },
  positionals: [0, 0],
  async run(ctx, values) {
    const rawTo = str(values, "to");
    if (rawTo === undefined) {
      throw new PlicoError("usage", "--to LABEL is required (e.g. --to Bob)");
    }
    const to = checkLabel(rawTo);
    const armored = flag(values, "armor");
    // Everything that needs no secret is checked before the passphrase is asked.
    const out = dataOutput(ctx.io, values, { what: "envelope", binary: !armored, canArmor: true });
    const messageFile = str(values, "message-file");
    if (messageFile === undefined && str(values, "passphrase-fd") === "0") {
      throw new PlicoError(
        "usage",
        "standard input cannot carry both the passphrase and the message; use -m FILE",
      );
    }
    const files = await attachments(values);
    const expiresAt = parseExpiry(str(values, "expires"), Date.now());
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
    if (armored && files.reduce((n, f) => n + f.size, raw.length) > ARMOR_MAX_ENVELOPE_BYTES) {
      throw new PlicoError(
        "input.too_large",
        `-a is for envelopes up to ${humanSize(ARMOR_MAX_ENVELOPE_BYTES)}; send the binary file`,
      );
    }
    return whileInterruptible((signal) =>
      withProfile(ctx, values, async (deps, profile) => {
        const memory = armored ? memorySink(ARMOR_MAX_ENVELOPE_BYTES + 64 * 1024) : null;
        // Standard output streams as it goes: a pipe cannot take bytes back anyway.
        const stdout: ByteSink = {
          write: (b) => Promise.resolve(ctx.io.outBytes(b)),
          commit: () => Promise.resolve(),
          abort: () => Promise.resolve(),
        };
        const sink = memory ?? (out === undefined ? stdout : await newFileSink(out));
        const result = await sealEnvelope(
          deps,
          profile,
          { to, text, attachments: files, expiresAt },
          stopsOn(sink, signal, out === undefined),
          progressBar(ctx.io, "sealing"),
        );
        let written = result.bytes;
        if (memory) {
          const envelope = memory.bytes();
          if (out === undefined) {
            const text = utf8(armor("ENVELOPE", envelope));
            written = text.length;
            ctx.io.outBytes(text);
          } else written = await writeEnvelopeFile(out, envelope, true);
        }
        const where = out === undefined ? "" : ` in ${resolve(out)}`;
        const message = `Sealed ${humanSize(written)} to "${result.label}"${where}.\n`;
        if (flag(values, "json")) {
          ctx.io.out(json({
            to: result.label,
            out: out === undefined ? null : resolve(out),
            bytes: written,
            expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
          }));
        } else if (out === undefined) ctx.io.err(message);
        else ctx.io.out(message);
        return 0;
      })
    );
  },
};

/**
 * `sink`, refusing more bytes once `signal` aborted (Ctrl-C, SIGTERM): the seal then aborts it,
 * which removes the unfinished file, and the command ends with `interrupted`. (A session step
 * the seal already committed stays: a number the peer never sees is skipped like a lost
 * envelope, PROTOCOL-envelope §6.)
 */
function stopsOn(sink: ByteSink, signal: AbortSignal, toStdout: boolean): ByteSink {
  const check = () => {
    if (!signal.aborted) return;
    throw new PlicoError(
      "interrupted",
      toStdout
        ? "interrupted while sealing; what went to standard output is not a whole envelope"
        : "interrupted while sealing; no envelope was written",
    );
  };
  return {
    write: (bytes) => (check(), sink.write(bytes)),
    commit: () => (check(), sink.commit()),
    abort: () => sink.abort(),
  };
}
