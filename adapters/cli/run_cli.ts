/**
 * The CLI entry: selects a command by its words, parses its options strictly, runs it, and
 * maps every failure to a clear message and a stable exit code. Unexpected exceptions never
 * print a stack trace or data; they are reported as internal errors.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import { type Command, type CommandContext, PROFILE_RIGHTS, type Values } from "./command.ts";
import { COMMANDS } from "./commands/index.ts";
import { EXIT_CODES } from "./exit_codes.ts";

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

Run 'plico <command> --help' for a command's options.
`;
}

function commandHelp(c: Command): string {
  return `Usage: ${usageLine(c)}\n\n${c.summary}\n\nOptions:\n${c.help}\n`;
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

function report(ctx: CommandContext, e: unknown, json: boolean): number {
  if (isPlicoError(e)) {
    if (json) ctx.io.out(JSON.stringify({ error: { code: e.code, message: e.message } }) + "\n");
    ctx.io.err(`plico: ${e.message}\n`);
    if (e.code === "usage") ctx.io.err("Run 'plico --help' for usage.\n");
    return EXIT_CODES[e.code];
  }
  if (e instanceof Deno.errors.NotCapable) {
    ctx.io.err(`plico: refused by the sandbox: ${(e as Error).message}\n`);
    return EXIT_CODES.io;
  }
  ctx.io.err(`plico: internal error (${e instanceof Error ? e.name : typeof e})\n`);
  return EXIT_CODES.internal;
}

/** Runs the CLI with `argv` (without the program name); resolves to the exit code. */
export async function runCli(argv: string[], ctx: CommandContext): Promise<number> {
  const wantsJson = argv.includes("--json");
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
      throw new PlicoError("usage", `unknown command: ${prefix.join(" ") || rest[0]}`);
    }
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
      throw new PlicoError("usage", (e as Error).message);
    }
    const [min, max] = command.positionals;
    const n = parsed.positionals.length;
    if (n < min || n > max) {
      throw new PlicoError(
        "usage",
        `'plico ${command.name.join(" ")}' takes ${min === max ? min : `${min} to ${max}`} ` +
          `argument(s), got ${n}: ${usageLine(command)}`,
      );
    }
    await ctx.dropRights?.(command.rights ?? PROFILE_RIGHTS);
    return await command.run(ctx, parsed.values, parsed.positionals);
  } catch (e) {
    return report(ctx, e, wantsJson);
  }
}
