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
import { listSessions } from "../../../application/session_queries.ts";
import { profileFromMasterKey, unlockMaster } from "../../../application/unlock_profile.ts";
import type { UnlockedMaster } from "../../../application/unlocked_profile.ts";
import type { Deps } from "../../../application/deps.ts";
import type { StoredHeader } from "../../../application/ports.ts";
import { isPlicoError, PlicoError } from "../../../domain/errors.ts";
import {
  UI_IDLE_LOCK_DEFAULT_MS,
  UI_IDLE_LOCK_MAX_MINUTES,
  UI_IDLE_LOCK_MIN_MINUTES,
} from "../../../domain/limits.ts";
import { Cancelled } from "../cancelled.ts";
import type { CliIo } from "../cli_io.ts";
import type { Command, CommandContext, HeldProfile, Values } from "../command.ts";
import { PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str, wholeNumber } from "../common_options.ts";
import { EXIT_CODES } from "../exit_codes.ts";
import { completeWord, editLine, emptyLine, type LineState, splitKeys } from "../line_editor.ts";
import { resolveProfileDir } from "../profile_location.ts";
import { runCli } from "../run_cli.ts";
import { shellWords } from "../shell_words.ts";
import { unlockWithTries } from "../with_profile.ts";
import { COMMANDS } from "./index.ts";

/** The words of every command, plus the shell's own, for completion and lookup. */
function commandNames(): string[][] {
  return [...COMMANDS.map((c) => [...c.name]), ["help"], ["lock"], ["exit"]];
}

/** Commands that manage the passphrase or the process itself: run them outside the shell. */
const OUTSIDE_ONLY = ["shell", "ui", "profile create", "profile passphrase", "profile bind"];

/** The unlocked profile of the sitting: copies of the keys, wiped on lock. */
class Holder implements HeldProfile {
  #keys: { header: StoredHeader; masterKey: Uint8Array; factor: Uint8Array | null } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  labels: string[] = [];

  constructor(
    readonly dir: string,
    private readonly ctx: CommandContext,
    private readonly values: Values,
    private readonly idleMs: number,
    private readonly onIdleLock: () => void,
  ) {}

  get locked(): boolean {
    return this.#keys === null;
  }

  async unlock(): Promise<void> {
    const deps = this.ctx.deps(this.dir);
    try {
      deps.repo.readHeader();
      const master = await unlockWithTries(
        this.ctx,
        this.values,
        this.dir,
        (p) => unlockMaster(deps, p),
      );
      try {
        this.#keys = {
          header: master.header,
          masterKey: master.masterKey.slice(),
          factor: master.factor?.slice() ?? null,
        };
        this.labels = listSessions(master).map((s) => s.label);
      } finally {
        master.lock();
      }
    } finally {
      deps.repo.close();
    }
  }

  open(deps: Deps): UnlockedMaster | null {
    const keys = this.#keys;
    if (keys === null) return null;
    const masterKey = keys.masterKey.slice();
    const factor = keys.factor?.slice() ?? null;
    try {
      return profileFromMasterKey(deps, keys.header, masterKey, factor);
    } catch (e) {
      // Ownership passes only with a returned profile; a failed open wipes its copies here.
      masterKey.fill(0);
      factor?.fill(0);
      throw e;
    }
  }

  /** Rereads the labels for completion (no passphrase: the held keys open the profile). */
  refreshLabels(): void {
    const deps = this.ctx.deps(this.dir);
    try {
      const profile = this.open(deps);
      if (profile === null) return;
      try {
        this.labels = listSessions(profile).map((s) => s.label);
      } finally {
        profile.lock();
      }
    } catch {
      // Completion is a convenience; a failure here shows in the next command instead.
    } finally {
      deps.repo.close();
    }
  }

  /** Wipes the keys. */
  lock(): void {
    this.stopIdleTimer();
    if (this.#keys === null) return;
    this.#keys.masterKey.fill(0);
    this.#keys.factor?.fill(0);
    this.#keys = null;
    this.labels = [];
  }

  /** (Re)starts the idle countdown; it runs only while the prompt waits. */
  startIdleTimer(): void {
    this.stopIdleTimer();
    if (this.#keys === null) return;
    this.#timer = setTimeout(() => {
      this.lock();
      this.onIdleLock();
    }, this.idleMs);
  }

  stopIdleTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

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
'<command> --help' explains one. Also: 'lock' (wipe the keys now), 'exit' or Ctrl-D (lock and
leave). Tab completes command words and session labels; ↑/↓ browse this sitting's history.
`;

export const shellCommand: Command = {
  name: ["shell"],
  summary: "unlock once, then run seal, open and session commands at a prompt",
  args: "",
  help: `${PROFILE_OPTIONS_HELP}
  --lock-after MINUTES   lock after this long without a command (default ${
    UI_IDLE_LOCK_DEFAULT_MS / 60_000
  }, as the UI)

Needs a terminal. The keys stay in memory only while the shell runs; Ctrl-D or 'exit' locks
and wipes them, and so does the idle time. The history is never written to disk.`,
  examples: [
    "plico shell --profile ~/plico-alice",
    "plico shell --lock-after 5",
  ],
  options: { ...PROFILE_OPTIONS, "lock-after": { type: "string" } },
  positionals: [0, 0],
  async run(ctx, values) {
    if (!ctx.io.stdinIsTerminal()) {
      throw new PlicoError("usage", "plico shell needs a terminal; run single commands instead");
    }
    const minutes = wholeNumber(
      values,
      "lock-after",
      UI_IDLE_LOCK_MIN_MINUTES,
      UI_IDLE_LOCK_MAX_MINUTES,
    );
    const idleMs = minutes === undefined ? UI_IDLE_LOCK_DEFAULT_MS : minutes * 60_000;
    const dir = resolveProfileDir(ctx.io, str(values, "profile"));
    const terminal = denoTerminal();
    const redraw: { current: (() => void) | null } = { current: null };
    const holder = new Holder(dir, ctx, values, idleMs, () => {
      terminal.write(
        `\r\x1b[KLocked after ${idleMs / 60_000} minute(s) without a command; the keys are ` +
          `wiped. The next command asks for the passphrase.\r\n`,
      );
      redraw.current?.();
    });
    const io: CliIo = { ...ctx.io, readStdin: readTypedMessage };
    const shellCtx: CommandContext = { ...ctx, io, held: holder, dropRights: undefined };
    try {
      await holder.unlock();
      ctx.io.err(`Unlocked ${dir}. Type 'help' for the commands; Ctrl-D locks and leaves.\n`);
      const history: string[] = [];
      for (;;) {
        const line = await promptLine(terminal, "plico> ", history, holder, redraw);
        if (line === null) break;
        let words: string[];
        try {
          words = shellWords(line);
        } catch (e) {
          ctx.io.err(`plico: ${(e as Error).message}\n`);
          continue;
        }
        if (words[0] === "plico") words = words.slice(1);
        if (words.length === 0) continue;
        if (history.at(-1) !== line) history.push(line);
        if (words[0] === "exit" || words[0] === "quit") break;
        if (words[0] === "lock") {
          holder.lock();
          ctx.io.err("Locked; the keys are wiped. The next command asks for the passphrase.\n");
          continue;
        }
        if (words[0] === "help" && words.length === 1) {
          ctx.io.err(HELP_TEXT);
          continue;
        }
        const command = COMMANDS.find((c) => c.name.every((w, i) => words[i] === w));
        const name = command?.name.join(" ");
        if (name !== undefined && OUTSIDE_ONLY.includes(name)) {
          ctx.io.err(`plico: run 'plico ${name}' outside the shell\n`);
          continue;
        }
        try {
          if (holder.locked) await holder.unlock();
        } catch (e) {
          if (e instanceof Cancelled) {
            ctx.io.err("^C\n");
            continue;
          }
          if (!isPlicoError(e)) throw e;
          ctx.io.err(`plico: ${e.message}\n`);
          if (e.code === "profile.bad_passphrase" || e.code === "profile.locked_out") {
            return EXIT_CODES[e.code];
          }
          continue;
        }
        // Commands of this profile get its directory, so they find the held keys.
        const takesProfile = command !== undefined && "profile" in command.options;
        const argv = takesProfile && !words.includes("--profile")
          ? [...words, "--profile", dir]
          : words;
        const code = await runCli(argv, shellCtx);
        if (code !== 0) ctx.io.err(`(exit ${code})\n`);
        holder.refreshLabels();
      }
      return 0;
    } finally {
      const held = !holder.locked;
      holder.lock();
      if (held) ctx.io.err("Locked; the keys are wiped.\n");
    }
  },
};
