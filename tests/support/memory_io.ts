/**
 * In-memory byte sources and sinks for use-case tests of seal and open.
 *
 * @module
 */

import type { AttachmentStage, ByteSink, ByteSource, Rereadable } from "../../application/ports.ts";
import type { AttachmentInput } from "../../application/seal_envelope.ts";

/** A source over `bytes`, handing out at most `piece` bytes per read. */
export function memorySource(bytes: Uint8Array, piece = 65_537): ByteSource {
  let at = 0;
  return {
    read(into) {
      if (at >= bytes.length) return Promise.resolve(null);
      const n = Math.min(into.length, piece, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
    close() {},
  };
}

/** `bytes` as input that can be read more than once. */
export function rereadable(bytes: Uint8Array): Rereadable {
  return { size: bytes.length, open: () => Promise.resolve(memorySource(bytes)) };
}

/** A sink collecting what is written; `committed` tells whether it was committed. */
export function memorySink(): ByteSink & { bytes(): Uint8Array; committed: boolean } {
  const parts: Uint8Array[] = [];
  const sink = {
    committed: false,
    write(b: Uint8Array) {
      parts.push(b.slice());
      return Promise.resolve();
    },
    commit() {
      sink.committed = true;
      return Promise.resolve();
    },
    abort() {
      parts.length = 0;
      return Promise.resolve();
    },
    bytes() {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
  };
  return sink;
}

/** An attachment from memory. */
export function memoryAttachment(
  name: string,
  bytes: Uint8Array,
  mediaType = "application/octet-stream",
): AttachmentInput {
  return { name, mediaType, size: bytes.length, open: () => Promise.resolve(memorySource(bytes)) };
}

/** An attachment stage in memory: name → published bytes (nothing before the commit). */
export function memoryDirectory(): AttachmentStage & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const staged: { safeName: string; sink: ReturnType<typeof memorySink>; name?: string }[] = [];
  return {
    files,
    stage(safeName: string) {
      const sink = memorySink();
      staged.push({ safeName, sink });
      return Promise.resolve({ write: (b: Uint8Array) => sink.write(b), finish: sink.commit });
    },
    reserve() {
      const taken = new Set(files.keys());
      for (const s of staged) {
        let name = s.safeName;
        for (let i = 1; taken.has(name); i++) name = `${s.safeName} (${i})`;
        taken.add(name);
        s.name = name;
      }
      return staged.map((s) => s.name!);
    },
    publish() {
      for (const s of staged) files.set(s.name!, s.sink.bytes());
      return Promise.resolve(staged.map(() => null));
    },
    discard() {
      staged.length = 0;
      return Promise.resolve();
    },
  };
}
