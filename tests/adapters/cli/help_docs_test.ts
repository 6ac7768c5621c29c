import assert from "node:assert/strict";
import { join } from "node:path";
import { COMMANDS } from "../../../adapters/cli/commands/index.ts";
import { PROFILE_OPTIONS } from "../../../adapters/cli/common_options.ts";
import { EXIT_CODES } from "../../../adapters/cli/exit_codes.ts";
import { commandHelp } from "../../../adapters/cli/run_cli.ts";
import { REPO_ROOT } from "../../support/paths.ts";

const DOC = Deno.readTextFileSync(join(REPO_ROOT, "docs", "CLI.md"));

function section(title: string): string {
  const start = DOC.indexOf(`## ${title}\n`);
  assert.ok(start >= 0, `docs/CLI.md has a section "${title}"`);
  const end = DOC.indexOf("\n## ", start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The table row of docs/CLI.md §Commands that documents `name`. */
function row(name: string): string {
  const rows = section("Commands").split("\n").filter((l) =>
    l.startsWith(`| \`${name}`) && /^[ `[A-Z]/.test(l.slice(3 + name.length)) ||
    l.includes(` / \`${name} `)
  );
  assert.equal(rows.length, 1, `docs/CLI.md lists 'plico ${name}' in one row`);
  return rows[0]!;
}

function spellings(name: string, short: string | undefined): string[] {
  return short === undefined ? [`--${name}`] : [`--${name}`, `-${short}`];
}

Deno.test("docs/CLI.md lists every command and every option of its help", () => {
  const common = section("Options every profile command takes");
  for (const c of COMMANDS) {
    const name = c.name.join(" ");
    const documented = row(name);
    const help = commandHelp(c);
    for (const [option, spec] of Object.entries(c.options)) {
      for (const spelled of spellings(option, spec.short)) {
        assert.ok(help.includes(spelled), `'plico ${name} --help' shows ${spelled}`);
        const shared = option in PROFILE_OPTIONS;
        assert.ok(
          documented.includes(spelled) || (shared && common.includes(`\`${spelled}`)),
          `docs/CLI.md documents ${spelled} of 'plico ${name}'`,
        );
      }
    }
    assert.ok(c.examples.length > 0, `'plico ${name}' has examples`);
    for (const e of c.examples) {
      assert.ok(e.startsWith(`plico ${name}`) || e.includes(`| plico ${name}`), e);
      assert.ok(help.includes(e));
    }
  }
});

Deno.test("docs/CLI.md lists every exit code and error code", () => {
  const table = section("Exit codes").split("\n").filter((l) => /^\| [0-9]+ \|/.test(l));
  const byExit = new Map(table.map((l) => [Number(l.split("|")[1]), l]));
  for (const [code, exit] of Object.entries(EXIT_CODES)) {
    const line = byExit.get(exit);
    assert.ok(line, `docs/CLI.md has a row for exit ${exit}`);
    const family = code.startsWith("platform.") && line.includes("`platform.*`");
    assert.ok(line.includes(`\`${code}\``) || family, `exit ${exit} row names ${code}`);
  }
  const documented = new Set(byExit.keys());
  const shipped = new Set([0, ...Object.values(EXIT_CODES)]);
  assert.deepEqual([...documented].sort((a, b) => a - b), [...shipped].sort((a, b) => a - b));
});

Deno.test("docs/CLI.md lists no command the program does not have", () => {
  const names = new Set(COMMANDS.map((c) => c.name.join(" ")));
  const rows = section("Commands").split("\n").filter((l) => l.startsWith("| `"));
  for (const row of rows) {
    for (const usage of [...row.split("|")[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)) {
      const words: string[] = [];
      for (const w of usage.split(" ")) {
        if (!/^[a-z][a-z-]*$/.test(w)) break;
        words.push(w);
      }
      assert.ok(names.has(words.join(" ")), `docs/CLI.md documents 'plico ${words.join(" ")}'`);
    }
  }
});
