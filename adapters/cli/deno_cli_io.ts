/**
 * `CliIo` over the real process: Deno's stdio, raw-mode terminal input for passphrases (from
 * standard input when it is a terminal, else from the controlling terminal `/dev/tty`).
 *
 * @module
 */

import { concat } from "../../domain/bytes.ts";
import { PlicoError } from "../../domain/errors.ts";
import { Cancelled } from "./cancelled.ts";
import { type CliIo, noTerminal } from "./cli_io.ts";

const encoder = new TextEncoder();

function writeBytes(file: { writeSync(p: Uint8Array): number }, data: Uint8Array): void {
  let bytes = data;
  while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
}

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  writeBytes(file, encoder.encode(text));
}

/** Reads a stream fully, refusing more than `limit` bytes. */
export async function readBounded(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  what: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > limit) {
      throw new PlicoError("input.too_large", `${what} is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return concat(...chunks);
}

/** A terminal to read a secret from: raw-mode input plus where the prompt goes. */
interface SecretTerminal {
  read(buf: Uint8Array): Promise<number | null>;
  setRaw(raw: boolean): void;
  prompt(text: string): void;
  close(): void;
}

/**
 * Standard input when it is a terminal; otherwise the controlling terminal (`/dev/tty`), as age
 * does, so `echo hi | plico seal ...` can still ask. The prompt goes to standard error.
 */
async function openSecretTerminal(): Promise<SecretTerminal> {
  if (Deno.stdin.isTerminal()) {
    return {
      read: (buf) => Deno.stdin.read(buf),
      setRaw: (raw) => Deno.stdin.setRaw(raw),
      prompt: (text) => writeAll(Deno.stderr, text),
      close: () => {},
    };
  }
  let tty: Deno.FsFile | null = null;
  if (Deno.build.os !== "windows") {
    try {
      // Read-only: Deno grants writing to device files only to programs with every permission
      // (HARDENING §1), and reading needs nothing beyond the shipped `read`.
      tty = await Deno.open("/dev/tty", { read: true });
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) throw e;
      tty = null; // no controlling terminal (a cron job, a CI runner)
    }
  }
  if (tty === null || !tty.isTerminal()) {
    tty?.close();
    throw noTerminal(
      "give the passphrase with --passphrase-file PATH or --passphrase-fd 0 (and a code with " +
        "--code)",
    );
  }
  const file = tty;
  return {
    read: (buf) => file.read(buf),
    setRaw: (raw) => file.setRaw(raw),
    prompt: (text) => writeAll(Deno.stderr, text),
    close: () => file.close(),
  };
}

/** Bytes read from the terminal at a time (the line discipline hands over at most 4 KiB). */
const SECRET_READ_BYTES = 4096;
/** After a refused paste, how long the terminal may stay silent before the rest counts as gone. */
const PASTE_QUIET_MS = 250;

/**
 * True when `rest` (what came after the Enter in the same read) holds more than line breaks:
 * more lines arrived at once than a person types, that is, pasted text. (Terminals paste a
 * line break as CR, so a passphrase pasted from a CRLF file ends in two of them.)
 */
function moreLinesFollow(rest: Uint8Array): boolean {
  return rest.some((b) => b !== 0x0d && b !== 0x0a);
}

/**
 * Reads one line from the terminal with echo off. Ctrl-C cancels (exit 130); Ctrl-D on an empty
 * line means there is nothing to read. Several lines arriving at once are refused, all of them:
 * a block of commands pasted into a terminal that sends a paste as typed keys would otherwise
 * give its next lines as the passphrase and its repetition, and the shell would run the rest.
 */
async function readSecretLine(prompt: string): Promise<string> {
  const terminal = await openSecretTerminal();
  // Echo goes off before the prompt shows: a fast typist (or a paste) never sees the secret.
  terminal.setRaw(true);
  terminal.prompt(prompt);
  const bytes: number[] = [];
  const buf = new Uint8Array(SECRET_READ_BYTES);
  try {
    for (;;) {
      const n = await terminal.read(buf);
      if (n === null) throw new PlicoError("passphrase.unavailable", "the terminal closed");
      const chunk = buf.subarray(0, n);
      for (const [i, b] of chunk.entries()) {
        if (b === 0x0d || b === 0x0a) {
          if (!moreLinesFollow(chunk.subarray(i + 1))) {
            return new TextDecoder().decode(new Uint8Array(bytes));
          }
          await drainPaste(terminal);
          throw pastedLines();
        }
        if (b === 0x03) throw new Cancelled();
        if (b === 0x04 && bytes.length === 0) {
          throw new PlicoError("passphrase.unavailable", "input ended (Ctrl-D) at the prompt");
        }
        if (b === 0x7f || b === 0x08) bytes.pop();
        else if (b === 0x15) bytes.fill(0).length = 0; // Ctrl-U clears the line, as in a shell
        else if (bytes.length < 4096) bytes.push(b);
      }
    }
  } finally {
    buf.fill(0);
    bytes.fill(0);
    terminal.setRaw(false);
    terminal.prompt("\n");
    terminal.close();
  }
}

/**
 * Reads and drops the rest of a refused paste, so that the shell is left none of it: a terminal
 * hands a paste over in pieces, so reads go on until nothing has come for `PASTE_QUIET_MS`. The
 * last read is then left waiting, with a buffer of its own: the process ends right after the
 * refusal, except in `plico shell`, where it takes (and drops) the next piece typed.
 */
async function drainPaste(terminal: SecretTerminal): Promise<void> {
  for (;;) {
    const buf = new Uint8Array(SECRET_READ_BYTES);
    const reading = terminal.read(buf);
    reading.catch(() => {}); // a read left waiting ends with the terminal, unseen
    let timer: ReturnType<typeof setTimeout> | undefined;
    const quiet = new Promise<"quiet">((resolve) => {
      timer = setTimeout(() => resolve("quiet"), PASTE_QUIET_MS);
    });
    const n = await Promise.race([reading, quiet]).finally(() => clearTimeout(timer));
    if (n === "quiet" || n === null) return;
    buf.fill(0);
  }
}

function pastedLines(): PlicoError {
  return new PlicoError(
    "passphrase.unavailable",
    "several lines arrived at once at the passphrase prompt (pasted text?); none was used. " +
      "Type the passphrase, or paste it alone, and paste commands that ask for one a line " +
      "at a time",
  );
}

/** Reads one line from the terminal with echo on (the terminal edits the line itself). */
async function readLine(prompt: string): Promise<string> {
  const terminal = await openSecretTerminal();
  terminal.prompt(prompt);
  const bytes: number[] = [];
  const buf = new Uint8Array(1);
  try {
    for (;;) {
      const n = await terminal.read(buf);
      if (n === null) throw new PlicoError("usage", "input ended at the prompt");
      if (buf[0] === 0x0a || buf[0] === 0x0d) {
        return new TextDecoder().decode(new Uint8Array(bytes));
      }
      if (bytes.length < 4096) bytes.push(buf[0]!);
    }
  } finally {
    terminal.close();
  }
}

/** The meaning of the bytes of one key press (an arrow key comes as ESC [ C or ESC [ D). */
export function keyOf(bytes: Uint8Array): "next" | "back" | "stop" | "cancel" | null {
  if (bytes.length === 0) return null;
  if (bytes[0] === 0x03) return "cancel";
  if (bytes.length === 3 && bytes[0] === 0x1b && bytes[1] === 0x5b) {
    return bytes[2] === 0x43 ? "next" : bytes[2] === 0x44 ? "back" : null;
  }
  if (bytes.length !== 1) return null;
  const key = String.fromCharCode(bytes[0]!).toLowerCase();
  if (key === "\r" || key === "\n" || key === " " || key === "n") return "next";
  if (key === "b") return "back";
  if (key === "q" || key === "\x1b") return "stop";
  return null;
}

/** Waits for one key in raw mode (no echo, no Enter needed); other keys are ignored. */
async function readKey(prompt: string): Promise<"next" | "back" | "stop"> {
  const terminal = await openSecretTerminal();
  terminal.setRaw(true);
  terminal.prompt(prompt);
  const buf = new Uint8Array(8);
  try {
    for (;;) {
      const n = await terminal.read(buf);
      if (n === null) throw new PlicoError("usage", "input ended at the prompt");
      const key = keyOf(buf.subarray(0, n));
      if (key === "cancel") throw new Cancelled();
      if (key !== null) return key;
    }
  } finally {
    terminal.setRaw(false);
    terminal.prompt("\n");
    terminal.close();
  }
}

/** The process's real terminal. */
export const denoCliIo: CliIo = {
  out: (text) => writeAll(Deno.stdout, text),
  outBytes: (bytes) => writeBytes(Deno.stdout, bytes),
  err: (text) => writeAll(Deno.stderr, text),
  readStdin: (limit) => readBounded(Deno.stdin.readable, limit, "standard input"),
  stdinStream: () => Deno.stdin.readable,
  stdinIsTerminal: () => Deno.stdin.isTerminal(),
  stdoutIsTerminal: () => Deno.stdout.isTerminal(),
  stderrIsTerminal: () => Deno.stderr.isTerminal(),
  readSecretLine,
  readLine,
  readKey,
  terminalSize: () => {
    try {
      return Deno.consoleSize();
    } catch {
      return null; // not a terminal
    }
  },
  env: (name) => {
    try {
      return Deno.env.get(name);
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) return undefined;
      throw e;
    }
  },
};
