/**
 * The lines of a script read by `plico shell` from standard input when it is not a terminal
 * (`plico shell <<'EOF' … EOF`). Read as they arrive, not all at once, so a slow pipe works; a
 * line is bounded, and the text must be UTF-8.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";

/** Longest script line accepted, in bytes: far beyond any Plico command line. */
export const SCRIPT_LINE_MAX_BYTES = 64 * 1024;

/** Reads the next bytes into `buf`; null at the end (as `Deno.stdin.read`). */
export type ReadInto = (buf: Uint8Array) => Promise<number | null>;

/** Yields a script line at a time, with its line number; CR before LF is dropped. */
export class ScriptLines {
  #pending: Uint8Array = new Uint8Array(0);
  #ended = false;
  #number = 0;
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });
  readonly #buf = new Uint8Array(4096);

  constructor(private readonly read: ReadInto) {}

  /** The next line and its number (from 1), or null after the last one. */
  async next(): Promise<{ line: string; number: number } | null> {
    for (;;) {
      const end = this.#pending.indexOf(0x0a);
      if (end >= 0 || (this.#ended && this.#pending.length > 0)) {
        const cut = end >= 0 ? end : this.#pending.length;
        const bytes = this.#pending.subarray(0, cut);
        this.#pending = this.#pending.slice(end >= 0 ? end + 1 : cut);
        this.#number++;
        return { line: this.#decode(bytes).replace(/\r$/, ""), number: this.#number };
      }
      if (this.#ended) return null;
      if (this.#pending.length > SCRIPT_LINE_MAX_BYTES) {
        throw new PlicoError(
          "usage",
          `line ${this.#number + 1} of the script is longer than ${SCRIPT_LINE_MAX_BYTES} bytes`,
        );
      }
      const n = await this.read(this.#buf);
      if (n === null || n === 0) {
        this.#ended = true;
        continue;
      }
      const grown = new Uint8Array(this.#pending.length + n);
      grown.set(this.#pending);
      grown.set(this.#buf.subarray(0, n), this.#pending.length);
      this.#pending = grown;
    }
  }

  #decode(bytes: Uint8Array): string {
    if (bytes.length > SCRIPT_LINE_MAX_BYTES) {
      throw new PlicoError(
        "usage",
        `line ${this.#number} of the script is longer than ${SCRIPT_LINE_MAX_BYTES} bytes`,
      );
    }
    try {
      return this.#decoder.decode(bytes);
    } catch {
      throw new PlicoError("usage", `line ${this.#number} of the script is not UTF-8 text`);
    }
  }
}
