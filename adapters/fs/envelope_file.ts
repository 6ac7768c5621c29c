/**
 * Reading and writing envelope files, binary or armored, in one place for the CLI, the UI and
 * the sandbox worker (PROTOCOL-envelope §16 for armor). One set of size bounds:
 *
 * - binary: streamed from disk, never held in memory (`checkEnvelopeLength` in the use case);
 * - armored: at most `armoredMaxChars("ENVELOPE")` characters of text, decoded in memory (at
 *   most `ARMOR_MAX_ENVELOPE_BYTES`);
 * - spooled input (standard input, an upload): copied to a private temporary file in fixed
 *   pieces, so memory stays bounded whatever its size.
 *
 * @module
 */

import {
  armor,
  ARMOR_SNIFF_BYTES,
  armoredMaxChars,
  dearmor,
  isArmored,
} from "../../domain/armor.ts";
import { discard, utf8 } from "../../domain/bytes.ts";
import { PlicoError } from "../../domain/errors.ts";
import { ENVELOPE_MAX_BYTES } from "../../domain/envelope/mod.ts";
import type { ByteSource, Rereadable } from "../../application/ports.ts";
import { fsError, openFileSource, readFull, rereadableFile } from "./file_source.ts";
import { newFileSink } from "./new_file_sink.ts";

/** Largest armored envelope text accepted (checked before anything is decoded). */
export const ARMORED_ENVELOPE_MAX_CHARS = armoredMaxChars("ENVELOPE");
/** Largest input spooled to a temporary file: the largest envelope, or its armored text. */
export const SPOOL_MAX_BYTES = Math.max(ENVELOPE_MAX_BYTES, ARMORED_ENVELOPE_MAX_CHARS);
const SPOOL_PIECE_BYTES = 1024 * 1024;

/** True when the file at `path` starts like armored text. */
export async function isArmoredFile(path: string): Promise<boolean> {
  const head = new Uint8Array(ARMOR_SNIFF_BYTES);
  const source = await openFileSource(path);
  try {
    return isArmored(head.subarray(0, await readFull(source, head)));
  } finally {
    source.close();
  }
}

/** A `ByteSource` over bytes in memory. */
export function memorySource(bytes: Uint8Array): ByteSource {
  let at = 0;
  return {
    read(into) {
      if (at >= bytes.length) return Promise.resolve(null);
      const n = Math.min(into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
    close() {},
  };
}

/** Bytes in memory as input that can be read more than once. */
export function memoryInput(bytes: Uint8Array): Rereadable {
  return { size: bytes.length, open: () => Promise.resolve(memorySource(bytes)) };
}

/**
 * The envelope in the file at `path`, binary (streamed from disk) or armored (decoded in
 * memory, within `ARMORED_ENVELOPE_MAX_CHARS`).
 */
export async function readEnvelopeFile(path: string): Promise<Rereadable> {
  const input = await rereadableFile(path);
  if (!(await isArmoredFile(path))) return input;
  if (input.size > ARMORED_ENVELOPE_MAX_CHARS) {
    throw new PlicoError(
      "input.too_large",
      `the armored envelope is larger than ${ARMORED_ENVELOPE_MAX_CHARS} characters`,
    );
  }
  let text: Uint8Array;
  try {
    text = await Deno.readFile(path);
  } catch (e) {
    throw fsError(path, e);
  }
  if (text.length !== input.size) {
    throw new PlicoError("io", `${path} changed while it was read`);
  }
  return memoryInput(dearmor(text, "ENVELOPE").bytes);
}

/**
 * Copies `stream` to a new private file (0600) at `path` in fixed pieces, refusing more than
 * `limit` bytes (the partial file is removed then). Memory stays bounded by one piece: a byte
 * stream (standard input is one) is read straight into that piece; any other stream's chunks
 * are copied into it and freed at once, not left for a later garbage collection (which let a
 * 1 GiB `open -` peak near 200 MiB).
 */
export async function spoolToFile(
  stream: ReadableStream<Uint8Array>,
  path: string,
  limit = SPOOL_MAX_BYTES,
): Promise<void> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  } catch (e) {
    throw fsError(path, e);
  }
  let total = 0;
  const count = (n: number) => {
    total += n;
    if (total > limit) {
      throw new PlicoError("input.too_large", `the input is larger than ${limit} bytes`);
    }
  };
  try {
    let piece = new Uint8Array(SPOOL_PIECE_BYTES);
    let filled = 0;
    const flush = async () => {
      let at = 0;
      while (at < filled) at += await file.write(piece.subarray(at, filled));
      filled = 0;
    };
    const byob = byobReader(stream);
    if (byob) {
      try {
        for (;;) {
          // The read fills the rest of the piece and hands the same memory back.
          const { value, done } = await byob.read(piece.subarray(filled));
          if (value === undefined) throw new PlicoError("io", "the input stream was cancelled");
          piece = new Uint8Array(value.buffer, 0, SPOOL_PIECE_BYTES);
          if (done) break;
          count(value.length);
          filled += value.length;
          if (filled === piece.length) await flush();
        }
      } finally {
        byob.releaseLock();
      }
    } else {
      for await (const chunk of stream) {
        count(chunk.length);
        let at = 0;
        while (at < chunk.length) {
          const n = Math.min(chunk.length - at, piece.length - filled);
          piece.set(chunk.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === piece.length) await flush();
        }
        discard(chunk);
      }
    }
    await flush();
    file.close();
  } catch (e) {
    try {
      file.close();
    } catch { /* closed */ }
    await Deno.remove(path).catch(() => {});
    throw e instanceof PlicoError ? e : fsError(path, e);
  }
}

/** A reader that reads into the caller's memory, or null when `stream` is not a byte stream. */
function byobReader(stream: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
  try {
    return stream.getReader({ mode: "byob" });
  } catch {
    return null;
  }
}

/** Writes a whole envelope to a new file at `path`, armored when asked; never overwrites. Returns the bytes written. */
export async function writeEnvelopeFile(
  path: string,
  envelope: Uint8Array,
  armored: boolean,
): Promise<number> {
  const bytes = armored ? utf8(armor("ENVELOPE", envelope)) : envelope;
  const sink = await newFileSink(path);
  try {
    await sink.write(bytes);
  } catch (e) {
    await sink.abort();
    throw e;
  }
  await sink.commit();
  return bytes.length;
}
