/**
 * The terminal as the CLI sees it. `main.ts` passes the real one; tests pass buffers, so the
 * whole CLI can run in-process as well as in a child process.
 *
 * @module
 */

import { isPlicoError, PlicoError } from "../../domain/errors.ts";

const NO_TERMINAL = "no terminal to ask on";

/** The refusal when there is no terminal to ask a secret on (a cron job, a CI runner). */
export function noTerminal(hint: string): PlicoError {
  return new PlicoError("passphrase.unavailable", `${NO_TERMINAL}; ${hint}`);
}

/** Whether `e` is that refusal (and not, say, a paste refused at a terminal that exists). */
export function isNoTerminal(e: unknown): boolean {
  return isPlicoError(e, "passphrase.unavailable") && e.message.startsWith(NO_TERMINAL);
}

/** Streams and environment the CLI uses. */
export interface CliIo {
  /** Writes text to standard output. */
  out(text: string): void;
  /** Writes raw bytes to standard output (binary files sent to `-`). */
  outBytes(bytes: Uint8Array): void;
  /** Writes text to standard error. */
  err(text: string): void;
  /** Reads all of standard input (bounded by `limit` bytes). */
  readStdin(limit: number): Promise<Uint8Array>;
  /** Standard input as a stream, for inputs too large to hold (`open -`). */
  stdinStream(): ReadableStream<Uint8Array>;
  /** True when standard input is an interactive terminal. */
  stdinIsTerminal(): boolean;
  /** True when standard output is an interactive terminal (binary data is refused there). */
  stdoutIsTerminal(): boolean;
  /** True when standard error is an interactive terminal (progress bars). */
  stderrIsTerminal(): boolean;
  /**
   * Reads a line without echo from the controlling terminal (passphrases): standard input when
   * it is a terminal, else `/dev/tty`, so data can be piped in while the user types the secret.
   * Throws `passphrase.unavailable` when there is no terminal and `Cancelled` on Ctrl-C.
   */
  readSecretLine(prompt: string): Promise<string>;
  /**
   * Reads a line the user types at the controlling terminal, with echo (a safety code read
   * aloud). Same terminal rules as `readSecretLine`.
   */
  readLine(prompt: string): Promise<string>;
  /**
   * Waits for one key at the controlling terminal, without Enter (QR codes shown one at a time):
   * "next" for Enter, Space, n or the right arrow, "back" for b or the left arrow, "stop" for q
   * or Escape. Throws `Cancelled` on Ctrl-C; same terminal rules as `readSecretLine`.
   */
  readKey(prompt: string): Promise<"next" | "back" | "stop">;
  /** Columns and rows of the terminal standard output goes to, or null when it is none. */
  terminalSize(): { columns: number; rows: number } | null;
  /** An environment variable among the permitted ones, or undefined. */
  env(name: string): string | undefined;
}
