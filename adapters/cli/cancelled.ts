/**
 * The user pressed Ctrl-C at a prompt (the terminal is in raw mode, so no SIGINT is sent). The
 * CLI reports it as `interrupted`, exit 130, like a signal: scripts see the same either way.
 *
 * @module
 */

/** Thrown when the user cancels a prompt. */
export class Cancelled extends Error {
  override readonly name = "Cancelled";
  constructor() {
    super("cancelled");
  }
}
