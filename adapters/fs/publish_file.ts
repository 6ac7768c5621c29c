/**
 * Making a finished temporary file visible under its final name without ever replacing
 * someone else's file, on any file system (docs/RELIABILITY.md "Outputs on any file system").
 *
 * The first choice is a hard link: `link(temp, final)` fails when `final` exists, so nothing is
 * ever replaced, and the file appears complete. File systems without hard links (exFAT and FAT
 * on USB sticks, many network shares) refuse the link (EPERM, ENOTSUP, EXDEV); then the final
 * name is reserved with an exclusive create (an empty 0600 file of our own) and the temporary
 * file is renamed over that reservation, after checking that the name still holds our own
 * empty file.
 *
 * @module
 */

import { PlicoError } from "../../domain/errors.ts";

/** A name claimed with an exclusive create: Plico's own empty file. */
export interface Reservation {
  readonly path: string;
  readonly dev: number;
  readonly ino: number | null;
}

/** Error codes of a refused hard link that mean "this file system has none". */
const NO_LINK_CODES = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "EXDEV", "ENOSYS"]);

/** True when `e` says the file system cannot make hard links (not "the name exists"). */
export function isLinkUnsupported(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && NO_LINK_CODES.has(code);
}

/** The `io` error for a name that is taken. */
export function alreadyExists(path: string): PlicoError {
  return new PlicoError("io", `${path} already exists; Plico never overwrites files`);
}

/**
 * Claims `path` with an exclusive create (an empty 0600 file). `AlreadyExists` passes through
 * so callers can try another name; other failures are thrown as they come.
 */
export async function reserveName(path: string): Promise<Reservation> {
  const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  try {
    const info = await file.stat();
    return { path, dev: info.dev, ino: info.ino };
  } finally {
    file.close();
  }
}

/** `reserveName`, synchronously (inside the commit's transaction). */
export function reserveNameSync(path: string): Reservation {
  const file = Deno.openSync(path, { write: true, createNew: true, mode: 0o600 });
  try {
    const info = file.statSync();
    return { path, dev: info.dev, ino: info.ino };
  } finally {
    file.close();
  }
}

/** True when `reservation.path` still is the empty file we created. */
export async function stillReserved(reservation: Reservation): Promise<boolean> {
  try {
    const info = await Deno.lstat(reservation.path);
    return info.isFile && info.size === 0 && info.dev === reservation.dev &&
      info.ino === reservation.ino;
  } catch {
    return false;
  }
}

/** Removes a reservation if it is still ours and empty; never throws. */
export async function releaseName(reservation: Reservation): Promise<void> {
  if (await stillReserved(reservation)) await Deno.remove(reservation.path).catch(() => {});
}

/**
 * Renames the finished `temp` over `reservation`, refusing when the name no longer holds our
 * own empty file (someone replaced it: theirs is never overwritten).
 */
export async function publishOverReservation(
  temp: string,
  reservation: Reservation,
): Promise<void> {
  if (!(await stillReserved(reservation))) {
    throw new PlicoError(
      "io",
      `${reservation.path} was replaced by another file while Plico was writing it; ` +
        "nothing was overwritten",
    );
  }
  await Deno.rename(temp, reservation.path);
}

/**
 * Publishes the finished, closed `temp` as `path` (same directory) and removes `temp`. Throws
 * `io` when `path` exists, and a clear `io` error when the file system refuses both ways.
 */
export async function publishNewFile(temp: string, path: string): Promise<void> {
  try {
    await Deno.link(temp, path);
    await Deno.remove(temp).catch(() => {});
    return;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) throw alreadyExists(path);
    if (!isLinkUnsupported(e)) throw e;
  }
  // No hard links here (USB stick, network share): reserve, then rename over the reservation.
  let reservation: Reservation;
  try {
    reservation = await reserveName(path);
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) throw alreadyExists(path);
    throw new PlicoError(
      "io",
      `${path}: this file system does not support hard links, and the name could not be ` +
        `reserved either (${(e as Error).message})`,
    );
  }
  try {
    await publishOverReservation(temp, reservation);
  } catch (e) {
    await releaseName(reservation);
    throw e;
  }
}
