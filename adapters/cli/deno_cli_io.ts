/**
 * `CliIo` over the real process: Deno's stdio, raw-mode terminal input for passphrases.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";
import type { CliIo } from "./cli_io.ts";

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
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads one line from the terminal with echo off; Ctrl-C or Ctrl-D aborts. */
async function readSecretLine(prompt: string): Promise<string> {
  if (!Deno.stdin.isTerminal()) {
    throw new PlicoError(
      "passphrase.unavailable",
      "no terminal to ask for the passphrase; use --passphrase-file or --passphrase-fd",
    );
  }
  writeAll(Deno.stderr, prompt);
  Deno.stdin.setRaw(true);
  const bytes: number[] = [];
  const buf = new Uint8Array(64);
  try {
    for (;;) {
      const n = await Deno.stdin.read(buf);
      if (n === null) throw new PlicoError("passphrase.unavailable", "input ended");
      for (const b of buf.subarray(0, n)) {
        if (b === 0x0d || b === 0x0a) return new TextDecoder().decode(new Uint8Array(bytes));
        if (b === 0x03 || b === 0x04) throw new PlicoError("passphrase.unavailable", "cancelled");
        if (b === 0x7f || b === 0x08) bytes.pop();
        else if (bytes.length < 4096) bytes.push(b);
      }
    }
  } finally {
    buf.fill(0);
    bytes.fill(0);
    Deno.stdin.setRaw(false);
    writeAll(Deno.stderr, "\n");
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
  stderrIsTerminal: () => Deno.stderr.isTerminal(),
  readSecretLine,
  env: (name) => {
    try {
      return Deno.env.get(name);
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) return undefined;
      throw e;
    }
  },
};
