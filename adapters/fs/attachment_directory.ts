/**
 * The output directory of an open (DESIGN §3 "Open", docs/RELIABILITY.md): attachments are
 * staged as hidden 0600 files named `.partial-HEX` (the attachment's name stays off the
 * disk), made durable, then — once the burn is committed — renamed over empty reservations of
 * their final names. Renaming over our own reservation works on every file system (no hard link
 * needed) and never replaces another file: the reservation is checked to be still ours first.
 *
 * The directory is pinned (`pinned_directory.ts`): checked before every create and publish.
 * Staged files stay open until published or discarded, so a discard can empty them through the
 * handle even when their directory was moved away meanwhile.
 *
 * @module
 */

import { join } from "node:path";
import type { AttachmentStage, PublishProblem, StagedAttachment } from "../../application/ports.ts";
import { PlicoError } from "../../domain/errors.ts";
import { nextFreeName } from "../../domain/package/mod.ts";
import { bufferedWriter } from "./buffered_writer.ts";
import { fsError } from "./file_source.ts";
import { newRunId, removeStalePartials, stagedNameIn } from "./partial_files.ts";
import { pinDirectory } from "./pinned_directory.ts";
import {
  publishOverReservation,
  releaseName,
  type Reservation,
  reserveNameSync,
} from "./publish_file.ts";

/** How many times a name that was free when chosen but taken at the create is chosen again. */
const RESERVE_RETRIES = 16;

interface Staged {
  readonly safeName: string;
  readonly temp: string;
  file: Deno.FsFile | null;
  reservation: Reservation | null;
}

function closeQuietly(s: Staged): void {
  try {
    s.file?.close();
  } catch { /* already closed */ }
  s.file = null;
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Options of `attachmentDirectory`. */
export interface AttachmentDirectoryOptions {
  /** 8 hex digits naming this open's staged files, so a parent can remove them (sandbox). */
  readonly runId?: string;
}

/**
 * Attachments of one open, saved into `dir`, which must exist and be a real directory (not a
 * symlink). A taken name gets a " (n)" suffix.
 */
export async function attachmentDirectory(
  dir: string,
  options: AttachmentDirectoryOptions = {},
): Promise<AttachmentStage> {
  const pin = await pinDirectory(dir);
  const runId = options.runId ?? newRunId();
  if (!/^[0-9a-f]{8}$/.test(runId)) throw new PlicoError("internal", "bad run id");
  try {
    await removeStalePartials(dir);
  } catch (e) {
    throw fsError(dir, e);
  }
  const staged: Staged[] = [];

  function reserve(s: Staged, chosen: Set<string>): string {
    for (let attempt = 0; attempt < RESERVE_RETRIES; attempt++) {
      const name = nextFreeName(s.safeName, (n) => chosen.has(n) || exists(join(dir, n)));
      pin.checkSync();
      try {
        s.reservation = reserveNameSync(join(dir, name));
      } catch (e) {
        if (e instanceof Deno.errors.AlreadyExists) continue; // taken meanwhile: choose again
        throw fsError(join(dir, name), e);
      }
      chosen.add(name);
      if (!pin.containsSync(s.reservation.path)) {
        throw new PlicoError("io", `${dir} was replaced while Plico was using it; nothing changed`);
      }
      return name;
    }
    throw new PlicoError("io", `no free file name for "${s.safeName}" in ${dir}`);
  }

  async function publishOne(s: Staged): Promise<PublishProblem | null> {
    const reservation = s.reservation!;
    try {
      await pin.check();
      closeQuietly(s);
      await publishOverReservation(s.temp, reservation);
    } catch (e) {
      const kept = exists(s.temp) ? s.temp : null;
      return {
        reason: `${reservation.path} could not be saved: ${fsError(reservation.path, e).message}`,
        keptAt: kept,
      };
    }
    if (!(await pin.contains(reservation.path))) {
      return {
        reason: `${reservation.path} was saved outside ${dir}: the directory was replaced ` +
          "during the open",
        keptAt: null,
      };
    }
    return null;
  }

  return {
    async stage(safeName) {
      if (
        safeName === "" || safeName.includes("/") || safeName.includes("\\") ||
        safeName === "." || safeName === ".."
      ) {
        throw new PlicoError("internal", "attachment name is not a single path component");
      }
      await pin.check();
      const temp = stagedNameIn(dir, runId);
      let file: Deno.FsFile;
      try {
        file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
      } catch (e) {
        throw fsError(dir, e);
      }
      const s: Staged = { safeName, temp, file, reservation: null };
      staged.push(s);
      const writer = bufferedWriter(file);
      const attachment: StagedAttachment = {
        async write(bytes) {
          try {
            await writer.write(bytes);
          } catch (e) {
            await writer.wipe();
            throw fsError(dir, e);
          }
        },
        async finish() {
          try {
            await writer.flushDurably();
          } catch (e) {
            throw fsError(dir, e);
          } finally {
            await writer.wipe();
          }
        },
      };
      return attachment;
    },
    reserve() {
      const chosen = new Set<string>();
      const names: string[] = [];
      for (const s of staged) names.push(reserve(s, chosen));
      pin.checkSync();
      // The staged files' and reservations' directory entries outlast a power loss after the
      // commit that follows.
      syncDirectorySync(dir);
      return names;
    },
    async publish() {
      const problems: (PublishProblem | null)[] = [];
      for (const s of staged) problems.push(await publishOne(s));
      await syncDirectory(dir);
      return problems;
    },
    async discard() {
      for (const s of staged) {
        // Through the handle: empties the file even if its directory was moved away.
        try {
          await s.file?.truncate(0);
        } catch { /* best effort */ }
        closeQuietly(s);
        await Deno.remove(s.temp).catch(() => {});
        if (s.reservation) await releaseName(s.reservation);
      }
      staged.length = 0;
    },
  };
}

/** `syncDirectory`, synchronously. */
function syncDirectorySync(dir: string): void {
  try {
    const handle = Deno.openSync(dir, { read: true });
    try {
      handle.syncSync();
    } finally {
      handle.close();
    }
  } catch { /* not supported here */ }
}

/** Makes renames and creates in `dir` durable where the platform allows (best effort). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await Deno.open(dir, { read: true });
    try {
      await handle.sync();
    } finally {
      handle.close();
    }
  } catch { /* not supported here (Windows, some FUSE file systems) */ }
}
