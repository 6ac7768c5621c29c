/** `plico open`: open an envelope once. @module */

import { openEnvelope } from "../../../application/open_envelope.ts";
import type { Rereadable } from "../../../application/ports.ts";
import { dearmor } from "../../../domain/armor.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { ARMOR_MAX_ENVELOPE_BYTES } from "../../../domain/limits.ts";
import { readFull, rereadableFile } from "../../fs/file_source.ts";
import { openFileSource } from "../../fs/file_source.ts";
import { attachmentDirectory } from "../../fs/new_file_sink.ts";
import type { CliIo } from "../cli_io.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { readBounded } from "../deno_cli_io.ts";
import { progressBar } from "../progress.ts";
import { terminalSafe } from "../terminal_text.ts";
import { withProfile } from "../with_profile.ts";

const ARMOR_PREFIX = new TextEncoder().encode("-----BEGIN PLICO ");
/** Largest armored envelope text read: base64 of the largest armorable envelope plus lines. */
const ARMOR_TEXT_LIMIT = Math.ceil(ARMOR_MAX_ENVELOPE_BYTES * 4 / 3) + 2 * 1024 * 1024;

/** A temporary copy holding ciphertext only (stdin or de-armored input), removed afterwards. */
async function spool(data: Uint8Array): Promise<{ input: Rereadable; remove(): Promise<void> }> {
  const path = await Deno.makeTempFile({ prefix: "plico-envelope-" });
  await Deno.writeFile(path, data, { mode: 0o600 });
  return { input: await rereadableFile(path), remove: () => Deno.remove(path).catch(() => {}) };
}

/** The envelope named on the command line as rereadable binary input. */
async function envelopeInput(
  io: CliIo,
  path: string,
): Promise<{ input: Rereadable; remove(): Promise<void> }> {
  if (path === "-") {
    const raw = await io.readStdin(ARMOR_TEXT_LIMIT * 64);
    return await spool(isArmor(raw) ? dearmor(raw, "ENVELOPE").bytes : raw);
  }
  const input = await rereadableFile(path);
  const head = new Uint8Array(ARMOR_PREFIX.length);
  const source = await openFileSource(path);
  try {
    await readFull(source, head);
  } finally {
    source.close();
  }
  if (!isArmor(head)) return { input, remove: () => Promise.resolve() };
  if (input.size > ARMOR_TEXT_LIMIT) {
    throw new PlicoError("input.too_large", `${path}: armored envelope larger than allowed`);
  }
  const file = await Deno.open(path, { read: true });
  const text = await readBounded(file.readable, ARMOR_TEXT_LIMIT, path);
  return await spool(dearmor(text, "ENVELOPE").bytes);
}

function isArmor(bytes: Uint8Array): boolean {
  if (bytes.length < ARMOR_PREFIX.length) return false;
  return ARMOR_PREFIX.every((b, i) => bytes[i] === b);
}

export const openCommand: Command = {
  name: ["open"],
  summary: "open an envelope (once: it cannot be opened again on this device)",
  args: "FILE",
  help: `  --out-dir DIR          where attachments are saved (default: the current directory);
                         existing files are never overwritten
${PROFILE_OPTIONS_HELP}

The message is shown only after the envelope is recorded as opened.`,
  options: { ...PROFILE_OPTIONS, "out-dir": { type: "string" } },
  positionals: [1, 1],
  run(ctx, values, [path]) {
    if (path === "-" && str(values, "passphrase-fd") === "0") {
      throw new PlicoError(
        "usage",
        "standard input cannot carry both the passphrase and the envelope",
      );
    }
    return withProfile(ctx, values, async (deps, profile) => {
      const dir = await attachmentDirectory(str(values, "out-dir") ?? ".");
      const { input, remove } = await envelopeInput(ctx.io, path!);
      try {
        const opened = await openEnvelope(
          deps,
          profile,
          input,
          dir,
          progressBar(ctx.io, "opening"),
        );
        if (flag(values, "json")) {
          ctx.io.out(json({
            from: opened.from,
            text: opened.text,
            attachments: opened.attachments,
            createdAt: new Date(opened.createdAt).toISOString(),
            expiresAt: opened.expiresAt === null ? null : new Date(opened.expiresAt).toISOString(),
            openedAt: new Date(opened.openedAt).toISOString(),
          }));
        } else {
          ctx.io.out(
            `From:   ${terminalSafe(opened.from)}\nSealed: ${
              new Date(opened.createdAt).toISOString()
            }\n\n` +
              terminalSafe(opened.text) + (opened.text.endsWith("\n") ? "" : "\n"),
          );
          for (const a of opened.attachments) {
            ctx.io.out(
              `Attachment: ${
                terminalSafe(a.savedAs ?? a.name)
              } (${a.size} bytes, ${a.mediaType})\n`,
            );
          }
        }
        return 0;
      } finally {
        await remove();
      }
    });
  },
};
