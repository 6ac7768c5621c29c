/**
 * A progress bar on standard error, only when it is a terminal and only for long work.
 *
 * @module
 */

import type { CliIo } from "./cli_io.ts";

/** Work smaller than this shows no bar. */
const MIN_BYTES_FOR_BAR = 8 * 1024 * 1024;
const WIDTH = 30;

/** A progress callback for `verb` ("sealing", "checking", ...), or undefined when not wanted. */
export function progressBar(
  io: CliIo,
  verb: string,
): ((done: number, total: number) => void) | undefined {
  if (!io.stderrIsTerminal()) return undefined;
  let last = -1;
  return (done, total) => {
    if (total < MIN_BYTES_FOR_BAR) return;
    const percent = Math.min(100, Math.floor((done / total) * 100));
    if (percent === last) return;
    last = percent;
    const filled = Math.round((percent / 100) * WIDTH);
    io.err(
      `\r${verb} [${"#".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${
        String(percent).padStart(3)
      }%` +
        (percent === 100 ? "\n" : ""),
    );
  };
}
