/**
 * The CLI entry: selects a command by its words, parses its options strictly, runs it, and
 * maps every failure to a clear message and a stable exit code. Unexpected exceptions never
 * print a stack trace or data; they are reported as internal errors. With `--json` every
 * failure is also one JSON line on standard output, so a script reads one stream.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import { Cancelled } from "./cancelled.ts";
import { type Command, type CommandContext, PROFILE_RIGHTS, type Values } from "./command.ts";
import { COMMANDS } from "./commands/index.ts";
import { environmentError } from "./environment_errors.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { didYouMean, usageFromParseArgs } from "./usage_words.ts";

function usageLine(c: Command): string {
  return `plico ${c.name.join(" ")}${c.args ? " " + c.args : ""} [options]`;
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.join(" ").length));
  const lines = COMMANDS.map((c) => `  ${c.name.join(" ").padEnd(width)}  ${c.summary}`);
  return `Plico: sealed envelopes between two people, offline.

Usage: plico <command> [options]

Commands:
${lines.join("\n")}

Run 'plico <command> --help' for a command's options and examples.
`;
}

/** The `--help` text of one command. */
export function commandHelp(c: Command): string {
  const examples = c.examples.map((e) => `  ${e}`).join("\n");
  return `Usage: ${
    usageLine(c)
  }\n\n${c.summary}\n\nOptions:\n${c.help}\n\nExamples:\n${examples}\n`;
}

/** Finds the command whose words start argv; returns it and the remaining arguments. */
function select(argv: string[]): { command?: Command; rest: string[]; prefix: string[] } {
  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith("-")) break;
    words.push(a);
    const match = COMMANDS.find((c) => c.name.join(" ") === words.join(" "));
    if (match) return { command: match, rest: argv.slice(words.length), prefix: words };
  }
  return { rest: argv, prefix: words };
}

/** An unknown command, with the nearest real one. */
function unknownCommand(prefix: string[], rest: string[]): PlicoError {
  const given = prefix.join(" ") || rest[0] || "";
  const names = COMMANDS.map((c) => c.name.join(" "));
  const firstWords = [...new Set(COMMANDS.map((c) => c.name[0]!))];
  const near = didYouMean(given, names) ??
    (prefix.length > 0 ? didYouMean(prefix[0]!, firstWords) : null);
  return new PlicoError(
    "usage",
    `unknown command: ${given}` + (near ? `; did you mean 'plico ${near}'?` : ""),
  );
}

/** What to do next, for errors whose message says only what happened. */
const HINTS: Readonly<Record<string, string>> = {
  "profile.corrupt": "The profile cannot be used as it is. Keep a copy of its directory, then " +
    "restore the directory from a backup, or create a new profile and set up sessions again.",
  "profile.locked_out": "Wait until the time shown; 'plico profile status' shows it too.",
  "profile.not_found": "Give the right directory with --profile DIR, or create a profile there " +
    "with 'plico profile create'.",
};

function report(ctx: CommandContext, e: unknown, json: boolean, command?: Command): number {
  let code: string;
  let message: string;
  let exit: number;
  const named = environmentError(e) ?? e;
  if (e instanceof Cancelled) {
    [code, message, exit] = [
      "interrupted",
      "cancelled at the prompt (Ctrl-C); nothing changed",
      EXIT_CODES.interrupted,
    ];
  } else if (isPlicoError(named)) {
    [code, message, exit] = [named.code, named.message, EXIT_CODES[named.code]];
  } else if (e instanceof Deno.errors.NotCapable) {
    [code, message, exit] = ["io", `refused by the sandbox: ${e.message}`, EXIT_CODES.io];
  } else if (e instanceof Deno.errors.BrokenPipe) {
    [code, message, exit] = [
      "io",
      "the output was closed before everything was written (a pipe whose reader stopped, " +
      "such as '| head'); give -o FILE to keep all of it",
      EXIT_CODES.io,
    ];
  } else {
    const name = e instanceof Error ? e.name : typeof e;
    message = `internal error (${name}); this is a bug in Plico, please report it`;
    [code, exit] = ["internal", EXIT_CODES.internal];
  }
  // The stream that broke may be this one too; then the exit code is all that can be said.
  untilBrokenPipe(() => {
    if (json) ctx.io.out(JSON.stringify({ error: { code, message } }) + "\n");
    ctx.io.err(`plico: ${message}\n`);
    const hint = HINTS[code];
    if (hint !== undefined) ctx.io.err(hint + "\n");
    if (code === "usage") {
      const where = command ? `plico ${command.name.join(" ")} --help` : "plico --help";
      ctx.io.err(`Run '${where}' for its options and examples.\n`);
    }
  });
  return exit;
}

function untilBrokenPipe(write: () => void): void {
  try {
    write();
  } catch (e) {
    if (!(e instanceof Deno.errors.BrokenPipe)) throw e;
  }
}

/** Runs the CLI with `argv` (without the program name); resolves to the exit code. */
export async function runCli(argv: string[], ctx: CommandContext): Promise<number> {
  const wantsJson = argv.includes("--json");
  let selected: Command | undefined;
  try {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
      ctx.io.out(overview());
      return argv.length === 0 ? EXIT_CODES.usage : 0;
    }
    if (argv[0] === "--version") argv = ["version"];
    const { command, rest, prefix } = select(argv);
    if (!command) {
      const group = COMMANDS.filter((c) => prefix.length > 0 && c.name[0] === prefix[0]);
      if (
        group.length > 0 && prefix.length === 1 && (rest.includes("--help") || rest.length === 0)
      ) {
        ctx.io.out(group.map(commandHelp).join("\n"));
        return rest.includes("--help") ? 0 : EXIT_CODES.usage;
      }
      throw unknownCommand(prefix, rest);
    }
    selected = command;
    if (rest.includes("--help") || rest.includes("-h")) {
      ctx.io.out(commandHelp(command));
      return 0;
    }
    let parsed: { values: Values; positionals: string[] };
    try {
      parsed = parseArgs({
        args: rest,
        options: command.options,
        allowPositionals: true,
        strict: true,
      }) as { values: Values; positionals: string[] };
    } catch (e) {
      throw usageFromParseArgs(e, command.name.join(" "), command.options);
    }
    const [min, max] = command.positionals;
    const n = parsed.positionals.length;
    if (n < min || n > max) {
      const takes = max === 0
        ? "no arguments"
        : min === max
        ? `${min} argument${min === 1 ? "" : "s"} (${command.args})`
        : `${min} to ${max} arguments (${command.args})`;
      throw new PlicoError(
        "usage",
        `'plico ${command.name.join(" ")}' takes ${takes}, got ${n}: ${usageLine(command)}`,
      );
    }
    await ctx.dropRights?.(command.rights ?? PROFILE_RIGHTS);
    return await command.run(ctx, parsed.values, parsed.positionals);
  } catch (e) {
    return report(ctx, e, wantsJson, selected);
  }
}
