/**
 * The user pressed Ctrl-C at a prompt. Not an error of Plico's: the CLI ends with exit code 130,
 * the code a shell reports for a program stopped by SIGINT, so scripts see the same either way.
 *
 * @module
 */

/** Exit code of a command the user interrupted (128 + SIGINT). */
export const EXIT_CANCELLED = 130;

/** Thrown when the user cancels a prompt. */
export class Cancelled extends Error {
  override readonly name = "Cancelled";
  constructor() {
    super("cancelled");
  }
}
