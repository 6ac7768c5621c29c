/**
 * The terminal as the CLI sees it. `main.ts` passes the real one; tests pass buffers, so the
 * whole CLI can run in-process as well as in a child process.
 *
 * @module
 */

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
  /** True when standard error is an interactive terminal (progress bars). */
  stderrIsTerminal(): boolean;
  /** Reads a line without echo from the terminal (passphrases). */
  readSecretLine(prompt: string): Promise<string>;
  /** An environment variable among the permitted ones, or undefined. */
  env(name: string): string | undefined;
}
