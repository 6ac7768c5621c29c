/**
 * Gathers small writes (chunk framing) into large sequential ones, then makes them durable.
 *
 * @module
 */

import { streamed } from "./memory_pressure.ts";

const WRITE_BUFFER_BYTES = 1024 * 1024;

/** A write buffer in front of an open file. */
export interface BufferedWriter {
  write(bytes: Uint8Array): Promise<void>;
  /** Writes out what is buffered and fsyncs the data; the file stays open. */
  flushDurably(): Promise<void>;
  /** Overwrites the buffer (it may hold plaintext) and drops it. */
  wipe(): void;
}

/** A writer into `file` (owned by the caller, which closes it). */
export function bufferedWriter(file: Deno.FsFile): BufferedWriter {
  const buffer = new Uint8Array(WRITE_BUFFER_BYTES);
  let filled = 0;
  const writeAll = async (bytes: Uint8Array) => {
    let at = 0;
    while (at < bytes.length) at += await file.write(bytes.subarray(at));
  };
  const flush = async () => {
    await writeAll(buffer.subarray(0, filled));
    filled = 0;
  };
  return {
    async write(bytes) {
      streamed(bytes.length);
      if (filled + bytes.length > buffer.length) await flush();
      if (bytes.length >= buffer.length) await writeAll(bytes);
      else {
        buffer.set(bytes, filled);
        filled += bytes.length;
      }
    },
    async flushDurably() {
      await flush();
      await file.syncData();
    },
    wipe() {
      buffer.fill(0);
      filled = 0;
    },
  };
}
