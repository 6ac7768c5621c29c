/**
 * `plico shell`: unlock once, then run Plico's commands at a prompt (`seal`, `open`,
 * `session …`) without typing the passphrase for each. The sitting holds the master key in
 * memory only, locks after the same idle time as the browser UI and on Ctrl-D or `exit`,
 * wiping the keys; the next command after an idle lock asks for the passphrase again.
 *
 * Each command gets its own copy of the keys and its own database connection, locked and
 * wiped when the command ends, exactly as when run alone; only the Argon2id unlock is shared.
 * Ctrl-C at the prompt drops the line; Ctrl-C while a command runs ends the whole sitting (the
 * process exits, the keys with it).
 *
 * @module
 */

import { concat } from "../../../domain/bytes.ts";
import { isPlicoError, PlicoError } from "../../../domain/errors.ts";
import {
  UI_IDLE_LOCK_DEFAULT_MS,
  UI_IDLE_LOCK_MAX_MINUTES,
  UI_IDLE_LOCK_MIN_MINUTES,
} from "../../../domain/limits.ts";
import { type CliIo, isNoTerminal, noTerminal } from "../cli_io.ts";
import type { Command, CommandContext } from "../command.ts";
import { PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str, wholeNumber } from "../common_options.ts";
import { EXIT_CODES } from "../exit_codes.ts";
import { completeWord, editLine, emptyLine, type LineState, splitKeys } from "../line_editor.ts";
import { resolveProfileDir } from "../profile_location.ts";
import { runCli } from "../run_cli.ts";
import { shellWords } from "../shell_words.ts";
import { ScriptLines } from "../script_lines.ts";
import { terminalSafe } from "../terminal_text.ts";
import { COMMANDS } from "./index.ts";
import { Holder } from "../shell_holder.ts";

/** The words of every command, plus the shell's own, for completion and lookup. */
function commandNames(): string[][] {
  return [...COMMANDS.map((c) => [...c.name]), ["help"], ["lock"], ["exit"]];
}

/** Commands that manage the passphrase or the process itself: run them outside the shell. */
const OUTSIDE_ONLY = ["shell", "ui", "profile create", "profile passphrase", "profile bind"];

/** The terminal as the shell uses it: raw-mode keys at the prompt, cooked while commands run. */
interface ShellTerminal {
  readKeys(): Promise<string | null>;
  setRaw(raw: boolean): void;
  write(text: string): void;
}

function denoTerminal(): ShellTerminal {
  const decoder = new TextDecoder();
  const buf = new Uint8Array(256);
  return {
    async readKeys() {
      const n = await Deno.stdin.read(buf);
      return n === null ? null : decoder.decode(buf.subarray(0, n), { stream: true });
    },
    setRaw: (raw) => Deno.stdin.setRaw(raw),
    write: (text) => {
      let bytes = new TextEncoder().encode(text);
      while (bytes.length > 0) bytes = bytes.subarray(Deno.stderr.writeSync(bytes));
    },
  };
}

/** Reads the message of a `seal` without `-m` from the terminal, up to Ctrl-D. */
async function readTypedMessage(limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buf = new Uint8Array(4096);
  for (;;) {
    const n = await Deno.stdin.read(buf);
    if (n === null || n === 0) break;
    total += n;
    if (total > limit) {
      throw new PlicoError("input.too_large", `the message is larger than ${limit} bytes`);
    }
    chunks.push(buf.slice(0, n));
  }
  return concat(...chunks);
}

/** Candidates for Tab: command words first, then session labels. */
function completer(holder: Holder) {
  return (before: readonly string[], _partial: string): string[] => {
    const words = before[0] === "plico" ? before.slice(1) : before;
    const next = commandNames().filter((name) =>
      words.every((w, i) => name[i] === w) && name.length > words.length
    ).map((name) => name[words.length]!);
    return next.length > 0 && words.length < 2 ? next : holder.labels;
  };
}

function render(terminal: ShellTerminal, prompt: string, state: LineState): void {
  const back = state.chars.length - state.cursor;
  terminal.write(`\r${prompt}${state.chars.join("")}\x1b[K` + (back > 0 ? `\x1b[${back}D` : ""));
}

/** One line from the prompt, or null on Ctrl-D at an empty line. */
async function promptLine(
  terminal: ShellTerminal,
  prompt: string,
  history: string[],
  holder: Holder,
  redraw: { current: (() => void) | null },
): Promise<string | null> {
  let state = emptyLine(history.length);
  terminal.setRaw(true);
  redraw.current = () => render(terminal, prompt, state);
  render(terminal, prompt, state);
  try {
    for (;;) {
      holder.startIdleTimer();
      const input = await terminal.readKeys();
      if (input === null) return null;
      for (const key of splitKeys(input)) {
        const outcome = editLine(state, key, history);
        if (outcome.kind === "submit") {
          terminal.write("\r\n");
          return outcome.line;
        }
        if (outcome.kind === "end") {
          terminal.write("\r\n");
          return null;
        }
        if (outcome.kind === "cancel") {
          terminal.write("^C\r\n");
          state = emptyLine(history.length);
        } else if (outcome.kind === "complete") {
          const done = completeWord(outcome.state, completer(holder));
          state = done.state;
          if (done.choices.length > 0) terminal.write(`\r\n${done.choices.join("  ")}\r\n`);
        } else state = outcome.state;
        render(terminal, prompt, state);
      }
    }
  } finally {
    holder.stopIdleTimer();
    redraw.current = null;
    terminal.setRaw(false);
  }
}

const HELP_TEXT =
  `Commands are Plico's, without 'plico': seal, open, inspect, session new/answer/finish/
confirm/list/show/export/remove, profile status/unlock, carrier ..., version; 'help' lists them,
'<command> --help' explains one. '--profile OTHER' unlocks another profile once for the rest of
the sitting. Also: 'lock' (wipe the keys now), 'exit' or Ctrl-D (lock and leave). Tab completes
command words and session labels; ↑/↓ browse this sitting's history.
`;

/** In a script, standard input is the script itself: a message must come from a file. */
function scriptStdin(): never {
  throw new PlicoError(
    "usage",
    "standard input is the shell's script here; name a file instead (seal -m FILE, open FILE, " +
      "--passphrase-file FILE)",
  );
}

/** Without a terminal, a script can only name files: `--passphrase-fd 0` would read the script. */
async function withoutFdHint(ask: () => Promise<string>): Promise<string> {
  try {
    return await ask();
  } catch (e) {
    if (!isNoTerminal(e)) throw e;
    throw noTerminal(
      "in a script give the passphrase with --passphrase-file PATH (and a code with --code)",
    );
  }
}

/** What a line did: an exit code, or the end of the sitting. */
type LineOutcome = { readonly code: number; readonly leave: boolean };

export const shellCommand: Command = {
  name: ["shell"],
  summary: "unlock once, then run seal, open and session commands at a prompt",
  args: "",
  help: `${PROFILE_OPTIONS_HELP}
  --lock-after MINUTES   lock after this long without a command (default ${
    UI_IDLE_LOCK_DEFAULT_MS / 60_000
  }, as the UI)

At a terminal: a plico> prompt. With standard input a file or a pipe, the shell runs its lines
as a script instead (blank lines and # comments skipped), stops at the first command that fails,
and asks passphrases and safety codes on the terminal. A command with --profile OTHER unlocks
that profile once for the rest of the sitting. The keys stay in memory only while the shell
runs; Ctrl-D, 'exit', the end of the script or the idle time lock and wipe them. The history is
never written to disk.`,
  examples: [
    "plico shell --profile ~/plico-alice",
    "plico shell --lock-after 5",
    "plico shell --profile alice < commands.txt",
  ],
  options: { ...PROFILE_OPTIONS, "lock-after": { type: "string" } },
  positionals: [0, 0],
  async run(ctx, values) {
    const script = !ctx.io.stdinIsTerminal();
    const minutes = wholeNumber(
      values,
      "lock-after",
      UI_IDLE_LOCK_MIN_MINUTES,
      UI_IDLE_LOCK_MAX_MINUTES,
    );
    const idleMs = minutes === undefined ? UI_IDLE_LOCK_DEFAULT_MS : minutes * 60_000;
    const shell = { dir: resolveProfileDir(ctx.io, str(values, "profile")), values };
    const terminal = denoTerminal();
    const redraw: { current: (() => void) | null } = { current: null };
    if (script && values["passphrase-fd"] !== undefined) {
      throw new PlicoError(
        "usage",
        "standard input is the shell's script here; give the passphrase with --passphrase-file FILE",
      );
    }
    const holder = new Holder(ctx, shell, idleMs, () => {
      const said = `Locked after ${
        idleMs / 60_000
      } minute(s) without a command; the keys are wiped.`;
      if (script) ctx.io.err(`${said}\n`);
      else terminal.write(`\r\x1b[K${said} The next command asks for the passphrase.\r\n`);
      redraw.current?.();
    });
    const io: CliIo = script
      ? {
        ...ctx.io,
        readStdin: scriptStdin,
        stdinStream: scriptStdin,
        readSecretLine: (prompt) => withoutFdHint(() => ctx.io.readSecretLine(prompt)),
        readLine: (prompt) => withoutFdHint(() => ctx.io.readLine(prompt)),
      }
      : { ...ctx.io, readStdin: readTypedMessage };
    const shellCtx: CommandContext = { ...ctx, io, held: holder, dropRights: undefined };

    /** Runs one line of the sitting. */
    const runLine = async (line: string): Promise<LineOutcome> => {
      let words: string[];
      try {
        words = shellWords(line);
      } catch (e) {
        ctx.io.err(`plico: ${(e as Error).message}\n`);
        return { code: EXIT_CODES.usage, leave: false };
      }
      if (words[0] === "plico") words = words.slice(1);
      if (words.length === 0) return { code: 0, leave: false };
      if (words[0] === "exit" || words[0] === "quit") {
        const code = words.length === 1 ? 0 : Number(words[1]);
        if (words.length > 2 || !Number.isInteger(code) || code < 0 || code > 255) {
          ctx.io.err(`plico: '${words[0]}' takes at most an exit status from 0 to 255\n`);
          return { code: EXIT_CODES.usage, leave: false };
        }
        return { code, leave: true };
      }
      if (words[0] === "lock") {
        holder.lock();
        ctx.io.err("Locked; the keys are wiped. The next command asks for the passphrase.\n");
        return { code: 0, leave: false };
      }
      if (words[0] === "help" && words.length === 1) {
        ctx.io.err(HELP_TEXT);
        return { code: 0, leave: false };
      }
      const command = COMMANDS.find((c) => c.name.every((w, i) => words[i] === w));
      const name = command?.name.join(" ");
      if (name !== undefined && OUTSIDE_ONLY.includes(name)) {
        ctx.io.err(`plico: run 'plico ${name}' outside the shell\n`);
        return { code: EXIT_CODES.usage, leave: false };
      }
      // Commands of a profile get the shell's unless the line names one (so they find the held
      // keys), and the shell's --quiet; both right after the command words, before any `--`.
      const added: string[] = [];
      if (command !== undefined && "profile" in command.options) {
        const named = words.some((w) => w === "--profile" || w.startsWith("--profile="));
        if (!named) added.push("--profile", shell.dir);
        if (values.quiet === true) added.push("--quiet");
      }
      const at = command?.name.length ?? 0;
      const argv = [...words.slice(0, at), ...added, ...words.slice(at)];
      const code = await runCli(argv, shellCtx);
      holder.refreshLabels();
      return { code, leave: false };
    };

    try {
      await holder.unlock();
      if (script) {
        ctx.io.err(`Unlocked ${shell.dir}; running the commands from standard input.\n`);
        const lines = new ScriptLines((buf) => Deno.stdin.read(buf));
        for (;;) {
          holder.startIdleTimer();
          let next: Awaited<ReturnType<ScriptLines["next"]>>;
          try {
            next = await lines.next();
          } catch (e) {
            if (!isPlicoError(e)) throw e;
            ctx.io.err(
              `plico: ${e.message}\nplico shell: stopped; the lines after it were not run.\n`,
            );
            return EXIT_CODES[e.code];
          } finally {
            holder.stopIdleTimer();
          }
          if (next === null) return 0;
          const line = next.line.trim();
          if (line === "" || line.startsWith("#")) continue;
          ctx.io.err(`plico> ${terminalSafe(line)}\n`);
          const outcome = await runLine(line);
          if (outcome.leave) return outcome.code;
          if (outcome.code !== 0) {
            ctx.io.err(
              `plico shell: stopped at line ${next.number} (exit ${outcome.code}); ` +
                `the lines after it were not run.\n`,
            );
            return outcome.code;
          }
        }
      }
      ctx.io.err(`Unlocked ${shell.dir}. Type 'help' for the commands; Ctrl-D locks and leaves.\n`);
      const history: string[] = [];
      for (;;) {
        const line = await promptLine(terminal, "plico> ", history, holder, redraw);
        if (line === null) return 0;
        if (line.trim() !== "" && history.at(-1) !== line) history.push(line);
        const outcome = await runLine(line);
        if (outcome.leave) return outcome.code;
        if (outcome.code !== 0) ctx.io.err(`(exit ${outcome.code})\n`);
      }
    } finally {
      if (holder.lock()) ctx.io.err("Locked; the keys are wiped.\n");
    }
  },
};
