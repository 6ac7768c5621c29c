/**
 * Trouble with the machine rather than with Plico or its input: a full disk, a read-only
 * volume, a profile held by another Plico process. These are `io` errors that say what to do,
 * not "profile damaged" or "internal error (a bug)". SQLite and the OS report them as plain
 * errors (sometimes wrapped as the cause of a `profile.corrupt`), recognised here by their
 * stable SQLite result names and OS error numbers.
 *
 * @module
 */

import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import { uncut } from "./interrupts.ts";

const KINDS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /SQLITE_FULL|database or disk is full|No space left on device|os error 28\b/i,
    "the disk is full; free some space and run the command again (nothing was changed)",
  ],
  [
    /SQLITE_READONLY|readonly database|Read-only file system|os error 30\b/i,
    "the volume is read-only; remount it read-write, or use a writable place (for a profile: " +
    "a writable copy of its directory)",
  ],
  [
    /SQLITE_BUSY|database is locked|database table is locked/i,
    "the profile is busy in another Plico process (a 'plico ui', or a command still " +
    "running?); let it finish or stop it, then run the command again",
  ],
];

function describe(e: unknown, depth: number): string | null {
  if (!(e instanceof Error) || depth > 3) return null;
  const text = `${(e as { code?: unknown }).code ?? ""} ${e.message}`;
  for (const [pattern, said] of KINDS) if (pattern.test(text)) return said;
  return describe(e.cause, depth + 1);
}

/** SQLite's words for a database file that is not one any more. */
const DAMAGED =
  /file is not a database|database disk image is malformed|SQLITE_NOTADB|SQLITE_CORRUPT/i;

function isDamage(e: unknown, depth: number): boolean {
  if (!(e instanceof Error) || depth > 3) return false;
  return DAMAGED.test(e.message) || isDamage(e.cause, depth + 1);
}

/** An `io` error for environmental trouble in `e` (or its causes), else null. */
export function environmentError(e: unknown): PlicoError | null {
  if (isPlicoError(e) && e.code !== "profile.corrupt" && e.code !== "internal") return null;
  const said = describe(e, 0);
  return said === null ? null : new PlicoError("io", said, { cause: e });
}

/**
 * Whether `dir` takes a small new file: one is created, written and removed, never cut in the
 * middle by Ctrl-C (`uncut`), so the probe is never left behind. Returns the io error to report
 * when it does not (read-only volume, full disk, no permission), else null.
 */
export function writeCheck(dir: string): PlicoError | null {
  return uncut(() => probeDirectory(dir));
}

function probeDirectory(dir: string): PlicoError | null {
  let probe: string | undefined;
  try {
    probe = Deno.makeTempFileSync({ dir, prefix: ".write-check-" });
    Deno.writeFileSync(probe, new Uint8Array(4096));
    return null;
  } catch (failure) {
    if (failure instanceof Deno.errors.NotCapable) throw failure;
    return environmentError(failure) ?? new PlicoError(
      "io",
      failure instanceof Deno.errors.PermissionDenied
        ? `cannot write in ${dir}: permission denied`
        : `cannot write in ${dir}: ${(failure as Error).message}`,
    );
  } finally {
    if (probe !== undefined) {
      try {
        Deno.removeSync(probe);
      } catch { /* the volume refused even this; nothing was written */ }
    }
  }
}

/**
 * SQLite reports a read-only volume or a full disk under a WAL database only as "unable to
 * open database file", which the storage layer calls damage. A profile said to be damaged is
 * therefore checked once more: when its directory cannot take a small new file, the volume is
 * the trouble, not the profile.
 */
export function storageTrouble(e: unknown, profileDir: string): PlicoError | null {
  if (!isPlicoError(e) && isDamage(e, 0)) {
    // A damaged file (profile.db, attempts.db) is damage, not a bug in Plico.
    return new PlicoError(
      "profile.corrupt",
      "a file of the profile is damaged (it is not a " +
        "readable database any more)",
      { cause: e },
    );
  }
  const named = environmentError(e);
  if (named !== null || !isPlicoError(e, "profile.corrupt")) return named;
  const refused = writeCheck(profileDir);
  return refused !== null && refused.message.startsWith("cannot write") ? null : refused;
}
