/**
 * Standing warnings of an unlocked profile (today: "protected by its passphrase alone"). A
 * warning printed on every command is soon not read at all, so it is shown by the commands
 * that are about the profile (`profile unlock`, `profile status`) and at most once a day by the
 * others; never on standard output (it would corrupt piped data) and never with `--quiet`.
 *
 * @module
 */

import { join } from "node:path";
import type { CommandContext, Values } from "./command.ts";
import { flag } from "./common_options.ts";

/** How often the other commands repeat a standing warning. */
const REPEAT_AFTER_MS = 24 * 60 * 60 * 1000;
/** An empty file in the profile directory whose time says when the warning was last shown. */
const MARK_FILE = "warned-at";

/** True when the warning was not shown in the last day; records that it is shown now. */
function dueNow(profileDir: string): boolean {
  const mark = join(profileDir, MARK_FILE);
  try {
    const mtime = Deno.statSync(mark).mtime;
    if (mtime !== null && Math.abs(Date.now() - mtime.getTime()) < REPEAT_AFTER_MS) return false;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) return true;
  }
  try {
    Deno.writeFileSync(mark, new Uint8Array(0), { mode: 0o600 });
  } catch { /* a read-only profile still works; the warning then shows each time */ }
  return true;
}

/** Prints `warnings` on standard error when the rules above allow it. */
export function showWarnings(
  ctx: CommandContext,
  values: Values,
  profileDir: string,
  warnings: readonly string[],
  always = false,
): void {
  if (warnings.length === 0 || flag(values, "quiet")) return;
  if (!always && !dueNow(profileDir)) return;
  for (const w of warnings) ctx.io.err(w + "\n");
}
