/**
 * The CLI's decisions that need no profile, run in-process through `runCli` with a terminal
 * made of buffers: refusing binary on a terminal, `--json` never sharing stdout with data,
 * usage errors in our words, one JSON line per error.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { CliIo } from "../../../adapters/cli/cli_io.ts";
import type { CommandContext } from "../../../adapters/cli/command.ts";
import { runCli } from "../../../adapters/cli/run_cli.ts";
import { tempDir } from "../../support/run_plico.ts";

interface Terminal extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
  asked: number;
}

function terminal(stdoutIsTerminal: boolean): Terminal {
  const t: Terminal = {
    stdout: [],
    stderr: [],
    asked: 0,
    out: (s) => void t.stdout.push(s),
    outBytes: () => {
      throw new Error("no binary may be written here");
    },
    err: (s) => void t.stderr.push(s),
    readStdin: () => Promise.resolve(new TextEncoder().encode("hello")),
    stdinStream: () => new ReadableStream<Uint8Array>(),
    stdinIsTerminal: () => false,
    stdoutIsTerminal: () => stdoutIsTerminal,
    stderrIsTerminal: () => false,
    readSecretLine: () => {
      t.asked++;
      return Promise.resolve("");
    },
    readKey: () => Promise.resolve("stop"),
    terminalSize: () => null,
    readLine: () => {
      t.asked++;
      return Promise.resolve("");
    },
    env: () => undefined,
  };
  return t;
}

function context(io: CliIo): CommandContext {
  return {
    io,
    version: "0.0.0-test",
    deps: () => {
      throw new Error("the profile must not be touched");
    },
    releaseDeps: () => {
      throw new Error("no release is checked here");
    },
    carrierDeps: () => {
      throw new Error("the carrier must not be used");
    },
    qrDeps: () => {
      throw new Error("QR codes are not used here");
    },
  };
}

Deno.test("binary output is refused on a terminal before anything is asked; -a is allowed past it", async () => {
  for (
    const argv of [
      ["seal", "--to", "Bob"],
      ["seal", "--to", "Bob", "-o", "-"],
      ["session", "new", "--label", "Bob"],
      ["session", "export", "Bob"],
      ["carrier", "extract", "x.png"],
    ]
  ) {
    const io = terminal(true);
    assert.equal(await runCli(argv, context(io)), 2, argv.join(" "));
    assert.match(io.stderr.join(""), /refusing to print the binary .* on the terminal/);
    assert.equal(io.asked, 0);
  }
  const io = terminal(true);
  const dir = tempDir();
  try {
    // With -a the output check passes; the next step (the profile) is where this fake stops.
    await runCli(["session", "new", "--label", "Bob", "-a", "--profile", dir.path], context(io));
    assert.doesNotMatch(io.stderr.join(""), /refusing/);
  } finally {
    dir.remove();
  }
});

Deno.test("--json with data on standard output is refused: the JSON would corrupt the data", async () => {
  const io = terminal(false);
  assert.equal(await runCli(["seal", "--to", "Bob", "-o", "-", "--json"], context(io)), 2);
  const lines = io.stdout.join("").trimEnd().split("\n");
  assert.equal(lines.length, 1);
  const error = JSON.parse(lines[0]!).error;
  assert.equal(error.code, "usage");
  assert.match(error.message, /--json .* would mix with the envelope; give -o FILE/);
});

Deno.test("usage errors are said in our words, with the nearest spelling and the help pointer", async () => {
  const cases: Array<[string[], RegExp]> = [
    [["seal", "--tto", "Bob"], /'plico seal' has no option --tto; did you mean --to\?/],
    [["sael"], /unknown command: sael; did you mean 'plico seal'\?/],
    [["session", "confrim", "Bob"], /did you mean 'plico session confirm'\?/],
    [["seal", "--to"], /--to needs a value/],
    [["version", "--json=yes"], /--json takes no value/],
    [["open"], /'plico open' takes 1 argument \(FILE\), got 0/],
  ];
  for (const [argv, expected] of cases) {
    const io = terminal(false);
    assert.equal(await runCli(argv, context(io)), 2, argv.join(" "));
    const said = io.stderr.join("");
    assert.match(said, expected);
    assert.doesNotMatch(said, /To specify a positional argument|ERR_PARSE_ARGS/);
    assert.match(said, /Run 'plico [a-z -]*--help' for its options and examples\./);
  }
});

Deno.test("with --json every error is exactly one JSON line on stdout, internal ones too", async () => {
  const io = terminal(false);
  const dir = tempDir();
  try {
    // deps() of this fake throws a plain Error: an unexpected failure, reported as internal.
    const code = await runCli(["session", "list", "--json", "--profile", dir.path], context(io));
    assert.equal(code, 1);
    const out = io.stdout.join("");
    assert.equal(out.split("\n").length, 2, out);
    assert.deepEqual(Object.keys(JSON.parse(out).error), ["code", "message"]);
    assert.equal(JSON.parse(out).error.code, "internal");
  } finally {
    dir.remove();
  }
});

Deno.test("a missing output directory and an existing output file are refused before asking", async () => {
  const dir = tempDir();
  try {
    Deno.writeTextFileSync(`${dir.path}/taken.bin`, "x");
    for (
      const [out, expected] of [
        [`${dir.path}/nowhere/m1.bin`, /the directory .*nowhere does not exist/],
        [`${dir.path}/taken.bin`, /already exists; Plico never overwrites files/],
      ] as const
    ) {
      const io = terminal(false);
      assert.equal(await runCli(["seal", "--to", "Bob", "-o", out], context(io)), 3);
      assert.match(io.stderr.join(""), expected);
      assert.equal(io.asked, 0);
    }
  } finally {
    dir.remove();
  }
});

Deno.test("a malformed safety code or label is refused before the passphrase", async () => {
  const io = terminal(false);
  assert.equal(await runCli(["session", "confirm", "Bob", "--code", "12 34"], context(io)), 2);
  assert.match(io.stderr.join(""), /not a safety code: a code has 30 digits/);
  const io2 = terminal(false);
  assert.equal(await runCli(["seal", "--to", "Bo\u202Eb", "-o", "x"], context(io2)), 2);
  assert.match(io2.stderr.join(""), /control or formatting characters/);
  assert.equal(io.asked + io2.asked, 0);
});
