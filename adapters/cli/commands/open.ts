/** `plico open`: open an envelope once, in the sandbox. @module */

import { resolve } from "node:path";
import { ARMOR_SNIFF_BYTES, isArmored } from "../../../domain/armor.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { readFull } from "../../fs/file_source.ts";
import { openFileSource } from "../../fs/file_source.ts";
import { openEnvelopeSandboxed } from "../../sandbox/sandboxed_open.ts";
import type { CliIo } from "../cli_io.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { progressBar } from "../progress.ts";
import { terminalSafe } from "../terminal_text.ts";
import { withMasterKey } from "../with_profile.ts";

/** Largest envelope taken from standard input (it is copied to a temporary file first). */
const STDIN_ENVELOPE_LIMIT = 1024 * 1024 * 1024;

async function startsWithArmor(path: string): Promise<boolean> {
  const head = new Uint8Array(ARMOR_SNIFF_BYTES);
  const source = await openFileSource(path);
  try {
    const n = await readFull(source, head);
    return isArmored(head.subarray(0, n));
  } finally {
    source.close();
  }
}

/** Standard input copied to a temporary file (ciphertext only), removed afterwards. */
async function spoolStdin(io: CliIo): Promise<{ path: string; remove(): Promise<void> }> {
  const data = await io.readStdin(STDIN_ENVELOPE_LIMIT);
  const path = await Deno.makeTempFile({ prefix: "plico-envelope-" });
  await Deno.writeFile(path, data, { mode: 0o600 });
  return { path, remove: () => Deno.remove(path).catch(() => {}) };
}

export const openCommand: Command = {
  name: ["open"],
  summary: "open an envelope (once: it cannot be opened again on this device)",
  args: "FILE",
  help: `  --out-dir DIR          where attachments are saved (default: the current directory);
                         existing files are never overwritten
${PROFILE_OPTIONS_HELP}

The message is shown only after the envelope is recorded as opened. FILE may be binary or
armored; - reads standard input.`,
  options: { ...PROFILE_OPTIONS, "out-dir": { type: "string" } },
  positionals: [1, 1],
  run(ctx, values, [path]) {
    if (path === "-" && str(values, "passphrase-fd") === "0") {
      throw new PlicoError(
        "usage",
        "standard input cannot carry both the passphrase and the envelope",
      );
    }
    const outDir = resolve(str(values, "out-dir") ?? ".");
    return withMasterKey(ctx, values, async (_deps, master, profileDir) => {
      const spooled = path === "-" ? await spoolStdin(ctx.io) : null;
      try {
        const envelopePath = resolve(spooled?.path ?? path!);
        const opened = await openEnvelopeSandboxed({
          masterKey: master.masterKey,
          profileDir,
          envelopePath,
          armored: await startsWithArmor(envelopePath),
          outDir,
        }, progressBar(ctx.io, "opening"));
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
            `From:   ${terminalSafe(opened.from)}\n` +
              `Sealed: ${new Date(opened.createdAt).toISOString()}\n\n` +
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
        await spooled?.remove();
      }
    });
  },
};
