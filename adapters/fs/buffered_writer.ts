/**
 * Gathers small writes (chunk framing) into large sequential ones, then makes them durable.
 *
 * Bytes are gathered in one of two buffers; a full buffer is written while the caller fills the
 * other, so the file system works on one core while the cipher runs on the other. A write that
 * fails is reported by the next `write` or by `flushDurably`.
 *
 * @module
 */

/** Writes reach the disk in pieces this large (each write is one async op). */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/** A write buffer in front of an open file. */
export interface BufferedWriter {
  write(bytes: Uint8Array): Promise<void>;
  /** Writes out what is buffered and fsyncs the data; the file stays open. */
  flushDurably(): Promise<void>;
  /** Waits for the write in flight, overwrites the buffers (they may hold plaintext), drops them. */
  wipe(): Promise<void>;
}

/** A writer into `file` (owned by the caller, which closes it). */
export function bufferedWriter(file: Deno.FsFile): BufferedWriter {
  let buffer = new Uint8Array(WRITE_BUFFER_BYTES);
  let spare = new Uint8Array(WRITE_BUFFER_BYTES);
  let filled = 0;
  // The one write in flight; its promise never rejects: a failure is kept in `failure` and
  // thrown at the next call. (Syncing ahead in the background, every 64 MiB, was measured: no
  // gain on 1 GiB here, so the one fdatasync stays at the end.)
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;

  const check = () => {
    if (failure !== null) throw failure;
  };
  const writeAll = async (bytes: Uint8Array) => {
    let at = 0;
    while (at < bytes.length) at += await file.write(bytes.subarray(at));
  };
  /** Starts writing the gathered bytes; the caller goes on filling the other buffer. */
  const flush = async () => {
    await writing;
    check();
    if (filled === 0) return;
    const full = buffer.subarray(0, filled);
    [buffer, spare] = [spare, buffer];
    filled = 0;
    writing = writeAll(full).catch((e) => {
      failure ??= e;
    });
  };
  return {
    async write(bytes) {
      check();
      if (filled + bytes.length > buffer.length) await flush();
      if (bytes.length >= buffer.length) {
        await writing;
        check();
        await writeAll(bytes);
      } else {
        buffer.set(bytes, filled);
        filled += bytes.length;
      }
    },
    async flushDurably() {
      await flush();
      await writing;
      check();
      await file.syncData();
    },
    async wipe() {
      await writing;
      // A finished writer that is still referenced holds no memory.
      buffer.fill(0);
      spare.fill(0);
      buffer = spare = new Uint8Array(0);
      filled = 0;
    },
  };
}
