/** `plico open`: open an envelope once, in the sandbox. @module */

import { join, resolve } from "node:path";
import type { OpenResult } from "../../../application/open_envelope.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { spoolToFile } from "../../fs/envelope_file.ts";
import { openEnvelopeSandboxed } from "../../sandbox/sandboxed_open.ts";
import { GATE_CANCELLED, GATE_COMMITTING, newGate } from "../../sandbox/sandbox_protocol.ts";
import { newRunId, removeStagedOf } from "../../fs/partial_files.ts";
import type { CliIo } from "../cli_io.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { progressBar } from "../progress.ts";
import { EXIT_CODES } from "../exit_codes.ts";
import { formatOpened } from "../opened_text.ts";
import { checkEnvelopeFile, checkOutDir } from "../open_checks.ts";
import { whileInterruptible } from "../interrupts.ts";
import { terminalSafe } from "../terminal_text.ts";
import { withMasterKey } from "../with_profile.ts";

/** Standard input copied to a private temporary file (ciphertext only), removed afterwards. */
async function spoolStdin(io: CliIo): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "plico-stdin-" });
  const remove = () => Deno.remove(dir, { recursive: true }).catch(() => {});
  try {
    await Deno.chmod(dir, 0o700).catch(() => {});
    const path = join(dir, "envelope");
    await spoolToFile(io.stdinStream(), path);
    return { path, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}

/** Throws `interrupted` when a signal came before the open started. */
function notInterrupted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw new PlicoError(
      "interrupted",
      "interrupted before the envelope was opened; nothing changed",
    );
  }
}

function show(io: CliIo, opened: OpenResult, outDir: string, asJson: boolean): void {
  if (asJson) {
    io.out(json({
      from: opened.from,
      text: opened.text,
      viewOnly: opened.viewOnly,
      attachments: opened.attachments.map((a) => ({
        ...a,
        path: a.savedAs === null ? null : join(outDir, a.savedAs),
      })),
      createdAt: new Date(opened.createdAt).toISOString(),
      expiresAt: opened.expiresAt === null ? null : new Date(opened.expiresAt).toISOString(),
      openedAt: new Date(opened.openedAt).toISOString(),
    }));
  } else {
    io.out(formatOpened(opened, outDir));
  }
  if (opened.viewOnly && opened.attachments.length > 0) {
    // PROTOCOL-envelope §10: a courtesy the command line cannot offer (it has no viewer).
    io.err(
      "note: the sender asked that the attachments be viewed only, not kept. The command line " +
        "saves them anyway; delete them when you are done if you want to respect that.\n",
    );
  }
  const failed = opened.attachments.filter((a) => a.problem !== null);
  for (const a of failed) {
    const kept = a.problem!.keptAt === null
      ? ""
      : ` Its bytes are kept in the hidden file ${terminalSafe(a.problem!.keptAt)}: move it ` +
        "somewhere safe now.";
    io.err(
      `error: attachment "${terminalSafe(a.name)}" was not saved: ` +
        `${terminalSafe(a.problem!.reason)}.${kept}\n`,
    );
  }
  if (failed.length > 0) {
    io.err(
      "The envelope now counts as opened on this device: it cannot be opened again. The " +
        "message is shown above.\n",
    );
  }
}

export const openCommand: Command = {
  name: ["open"],
  summary: "open an envelope (once: it cannot be opened again on this device)",
  args: "FILE",
  help: `  --out-dir DIR          where attachments are saved (default: the current directory;
                         created 0700 when missing); existing files are never overwritten
${PROFILE_OPTIONS_HELP}

The message is shown only after the envelope is recorded as opened, as an indented block
between "Message:" and "End of message."; then the full path of every saved file. Before that,
a failure or an interruption (Ctrl-C) changes nothing. FILE may be binary or armored; - reads
standard input.`,
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
    const outDir = out.dir;
    if (path !== "-") await checkEnvelopeFile(path!);
    const gate = newGate();
    let afterCommit = false;
    // Before the commit an interruption stops the open and cleans up (nothing changes); once
    // the commit began the open finishes, so the burned envelope's text is not lost.
    const onSignal = () => {
      if (Atomics.load(gate, 0) !== GATE_COMMITTING) return true;
      if (!afterCommit) {
        ctx.io.err(
          "\ninterrupted after the envelope was recorded as opened: finishing, so that the " +
            "message and its attachments are not lost\n",
        );
      }
      afterCommit = true;
      return false;
    };
    return whileInterruptible(
      (signal) =>
        withMasterKey(ctx, values, async (_deps, master, profileDir) => {
          notInterrupted(signal);
          const spooled = path === "-" ? await spoolStdin(ctx.io) : null;
          let created = false;
          try {
            notInterrupted(signal);
            if (out.missing) {
              await Deno.mkdir(outDir, { mode: 0o700 });
              created = true;
            }
            const runId = newRunId();
            const opened = await openEnvelopeSandboxed({
              masterKey: master.masterKey,
              profileDir,
              envelopePath: resolve(spooled?.path ?? path!),
              outDir,
              runId,
            }, { onProgress: progressBar(ctx.io, "opening"), signal, gate }).catch(async (e) => {
              // Stopped before its commit: the worker could not remove what it had staged.
              if (Atomics.load(gate, 0) === GATE_CANCELLED) await removeStagedOf(outDir, runId);
              throw e;
            });
            created = false; // it holds what was opened now
            show(ctx.io, opened, outDir, flag(values, "json"));
            if (afterCommit) ctx.io.err("finished after the interruption.\n");
            return opened.attachments.some((a) => a.problem !== null) ? EXIT_CODES.io : 0;
          } finally {
            await spooled?.remove();
            // A directory made for a failed open goes again (only if still empty).
            if (created) await Deno.remove(outDir).catch(() => {});
          }
        }),
      onSignal,
    );
  },
};
