/**
 * Output files that never overwrite and never appear half-written: data goes to a hidden
 * temporary file beside the target (mode 0600) and is published on commit (`publish_file.ts`:
 * a hard link, or on file systems without them a reserved name) — even a file created
 * meanwhile is never replaced.
 *
 * @module
 */

import type { ByteSink } from "../../application/ports.ts";
import { bufferedWriter } from "./buffered_writer.ts";
import { fsError } from "./file_source.ts";
import { partialNameFor } from "./partial_files.ts";
import { publishNewFile } from "./publish_file.ts";

export { attachmentDirectory } from "./attachment_directory.ts";
export { removeStalePartials } from "./partial_files.ts";

/** A sink that becomes `path` on commit; a taken `path` at commit is an `io` error. */
export async function newFileSink(path: string): Promise<ByteSink> {
  const temp = partialNameFor(path);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
  } catch (e) {
    throw fsError(path, e);
  }
  const writer = bufferedWriter(file);
  let open = true;
  const cleanup = async () => {
    await writer.wipe();
    if (open) {
      open = false;
      try {
        file.close();
      } catch { /* closed */ }
    }
    await Deno.remove(temp).catch(() => {});
  };
  return {
    async write(bytes) {
      try {
        await writer.write(bytes);
      } catch (e) {
        await cleanup();
        throw fsError(path, e);
      }
    },
    async commit() {
      try {
        await writer.flushDurably();
        file.close();
        open = false;
        await publishNewFile(temp, path);
      } catch (e) {
        await cleanup();
        throw fsError(path, e);
      }
      await writer.wipe();
    },
    abort: cleanup,
  };
}
