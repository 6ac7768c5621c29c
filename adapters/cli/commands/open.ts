/** `plico open`: open an envelope once, in the sandbox. @module */

import { join, resolve } from "node:path";
import { PlicoError } from "../../../domain/errors.ts";
import { readFull } from "../../fs/file_source.ts";
import { openFileSource } from "../../fs/file_source.ts";
import { openEnvelopeSandboxed } from "../../sandbox/sandboxed_open.ts";
import type { CliIo } from "../cli_io.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { progressBar } from "../progress.ts";
import { formatOpened } from "../opened_text.ts";
import { checkEnvelopeFile, checkOutDir } from "../open_checks.ts";
import { withMasterKey } from "../with_profile.ts";

const ARMOR_PREFIX = new TextEncoder().encode("-----BEGIN PLICO ");
/** Largest envelope taken from standard input (it is copied to a temporary file first). */
const STDIN_ENVELOPE_LIMIT = 1024 * 1024 * 1024;

async function startsWithArmor(path: string): Promise<boolean> {
  const head = new Uint8Array(ARMOR_PREFIX.length);
  const source = await openFileSource(path);
  try {
    const n = await readFull(source, head);
    return n === head.length && ARMOR_PREFIX.every((b, i) => head[i] === b);
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
  help: `  --out-dir DIR          where attachments are saved (default: the current directory;
                         created 0700 when missing); existing files are never overwritten
${PROFILE_OPTIONS_HELP}

The message is shown only after the envelope is recorded as opened, as an indented block
between "Message:" and "End of message."; then the full path of every saved file. FILE may be
binary or armored; - reads standard input.`,
  examples: [
    "plico open m1.bin --out-dir inbox",
    "plico carrier extract holiday.png | plico open -",
  ],
  options: { ...PROFILE_OPTIONS, "out-dir": { type: "string" } },
  positionals: [1, 1],
  async run(ctx, values, [path]) {
    if (path === "-" && str(values, "passphrase-fd") === "0") {
      throw new PlicoError(
        "usage",
        "standard input cannot carry both the passphrase and the envelope",
      );
    }
    if (path === "-" && ctx.io.stdinIsTerminal()) {
      throw new PlicoError("usage", "open - reads the envelope from a pipe; give FILE instead");
    }
    const out = checkOutDir(resolve(str(values, "out-dir") ?? "."));
    if (path !== "-") await checkEnvelopeFile(path!);
    return withMasterKey(ctx, values, async (_deps, master, profileDir) => {
      const spooled = path === "-" ? await spoolStdin(ctx.io) : null;
      let created = false;
      try {
        if (out.missing) {
          await Deno.mkdir(out.dir, { mode: 0o700 });
          created = true;
        }
        const envelopePath = resolve(spooled?.path ?? path!);
        const opened = await openEnvelopeSandboxed({
          masterKey: master.masterKey,
          profileDir,
          envelopePath,
          armored: await startsWithArmor(envelopePath),
          outDir: out.dir,
        }, progressBar(ctx.io, "opening"));
        created = false; // it holds what was opened now
        if (flag(values, "json")) {
          ctx.io.out(json({
            from: opened.from,
            text: opened.text,
            attachments: opened.attachments.map((a) => ({
              ...a,
              path: a.savedAs === null ? null : join(out.dir, a.savedAs),
            })),
            createdAt: new Date(opened.createdAt).toISOString(),
            expiresAt: opened.expiresAt === null ? null : new Date(opened.expiresAt).toISOString(),
            openedAt: new Date(opened.openedAt).toISOString(),
          }));
        } else {
          ctx.io.out(formatOpened(opened, out.dir));
        }
        return 0;
      } finally {
        await spooled?.remove();
        // A directory made for a failed open goes again (only if still empty).
        if (created) await Deno.remove(out.dir).catch(() => {});
      }
    });
  },
};
