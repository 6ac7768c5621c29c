/**
 * Where the time of a large seal and open goes: each stage of the pipeline measured on its own
 * in this process, on the same data, then the whole use cases with the real file adapters. The
 * stages are cumulative (the body writer includes the cipher, the use case includes all), so
 * the differences point at what limits throughput: the cipher calls, the chunk plumbing's
 * copies, file reads and writes and the fsync.
 *
 * @module
 */

import { join } from "node:path";
import { createCrypto } from "../../adapters/crypto/crypto_adapter.ts";
import { openFileSource, rereadableFile } from "../../adapters/fs/file_source.ts";
import { attachmentDirectory, newFileSink } from "../../adapters/fs/new_file_sink.ts";
import { openEnvelope } from "../../application/open_envelope.ts";
import { sealEnvelope } from "../../application/seal_envelope.ts";
import { concat, discard } from "../../domain/bytes.ts";
import { createBodyReader, createBodyWriter } from "../../domain/envelope/mod.ts";
import { connectedPair } from "../../tests/support/active_session.ts";
import type { Row } from "./bench_table.ts";
import { cpuMs } from "./measure.ts";
import { writeRandomFile } from "./bench_fixture.ts";

const PIECE = 4 * 1024 * 1024;
const CHUNK = 64 * 1024;

function rate(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** Wall and CPU milliseconds of `fn` (CPU time is steadier than wall time on a busy machine). */
async function timed(fn: () => Promise<void> | void): Promise<{ ms: number; cpu: number }> {
  const t = performance.now();
  const c = cpuMs();
  await fn();
  return { ms: performance.now() - t, cpu: cpuMs() - c };
}

/** Rows of the pipeline breakdown for `bytes` of attachment. */
export async function pipelineRows(root: string, bytes: number): Promise<Row[]> {
  const crypto = createCrypto();
  const key = crypto.sha256(new Uint8Array(1));
  const header = new Uint8Array(2386);
  const piece = new Uint8Array(PIECE);
  for (let i = 0; i < PIECE; i += 65_536) {
    globalThis.crypto.getRandomValues(piece.subarray(i, i + 65_536));
  }
  const pieces = Math.ceil(bytes / PIECE);
  const total = pieces * PIECE;
  const section = `pipeline breakdown, ${total / 1048576} MiB in-process`;
  const rows: Row[] = [];
  const add = (name: string, time: { ms: number; cpu: number }, note: string) =>
    rows.push({
      section,
      name,
      plico: rate(total, time.ms),
      unit: "MB/s",
      better: "higher",
      note: `${rate(total, time.cpu).toFixed(0)} MB per CPU-second; ${note}`,
    });

  // 1. The cipher alone: one native ChaCha20-Poly1305 call per 64 KiB chunk.
  const nonce = new Uint8Array(12);
  const aad = new Uint8Array(0);
  add(
    "ChaCha20-Poly1305 seal, 64 KiB calls",
    await timed(() => {
      for (let i = 0; i < total / CHUNK; i++) {
        crypto.chachaSeal(key, nonce, piece.subarray(0, CHUNK), aad);
      }
    }),
    "node:crypto through the crypto adapter (copies the output once to join the tag)",
  );
  add(
    "ChaCha20-Poly1305 seal parts, 64 KiB calls",
    await timed(() => {
      for (let i = 0; i < total / CHUNK; i++) {
        for (const part of crypto.chachaSealParts(key, nonce, piece.subarray(0, CHUNK), aad)) {
          discard(part);
        }
      }
    }),
    "chachaSealParts: ciphertext and tag as node made them, freed at once (as the writer does)",
  );

  // 1b. The same calls on larger blocks: what a larger body chunk (a protocol change, not made)
  // would save in per-call costs (cipher object, node's output allocation, tag).
  for (const size of [256 * 1024, 1024 * 1024]) {
    add(
      `ChaCha20-Poly1305 seal parts, ${size / 1024} KiB calls`,
      await timed(() => {
        for (let i = 0; i < total / size; i++) {
          const at = (i * size) % PIECE;
          for (
            const part of crypto.chachaSealParts(key, nonce, piece.subarray(at, at + size), aad)
          ) {
            discard(part);
          }
        }
      }),
      "not the protocol (64 KiB chunks): the per-call cost a larger chunk would save",
    );
  }

  // 2. The body writer: chunking, last-chunk lookahead, the cipher.
  add(
    "body writer (chunking + cipher)",
    await timed(() => {
      const w = createBodyWriter(crypto, key, header);
      for (let i = 0; i < pieces; i++) w.push(piece).forEach(discard);
      w.finish().forEach(discard);
    }),
    "domain/envelope/body_stream.ts, 4 MiB pieces, outputs discarded as seal does",
  );

  // 3. The body reader (the decryption of one pass of open), over a body sealed in memory.
  const bodyPieces = Math.min(pieces, 16);
  const w = createBodyWriter(crypto, key, header);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bodyPieces; i++) parts.push(...w.push(piece));
  parts.push(...w.finish());
  const body = concat(...parts);
  // Freed now: left to the collector, they were swept during the timed loop below.
  parts.forEach(discard);
  parts.length = 0;
  add(
    "body reader (chunking + cipher)",
    await timed(() => {
      for (let round = 0; round < pieces / bodyPieces; round++) {
        const r = createBodyReader(crypto, key, header);
        for (let at = 0; at < body.length; at += PIECE) {
          r.push(body.subarray(at, at + PIECE)).forEach(discard);
        }
        r.finish().forEach(discard);
      }
    }),
    "domain/envelope/body_stream.ts, 4 MiB pieces, one pass of open",
  );

  // 4. File I/O on its own.
  const input = join(root, "pipeline-input.bin");
  await writeRandomFile(input, total);
  const readMs = await timed(async () => {
    const source = await openFileSource(input);
    const buffer = new Uint8Array(PIECE);
    while ((await source.read(buffer)) !== null) { /* drain */ }
    source.close();
  });
  add("file read, 4 MiB reads", readMs, "adapters/fs/file_source.ts (page cache warm)");
  const out = join(root, "pipeline-output.bin");
  add(
    "file sink write + fdatasync",
    await timed(async () => {
      const sink = await newFileSink(out);
      const chunk = piece.subarray(0, CHUNK + 16);
      for (let i = 0; i < total / CHUNK; i++) await sink.write(chunk);
      await sink.commit();
    }),
    "adapters/fs/new_file_sink.ts, 64 KiB+16 writes",
  );
  Deno.removeSync(out);

  // 5. The use cases with the real adapters, on unlocked profiles.
  const pair = await connectedPair();
  try {
    const { alice, bob } = pair;
    const envelope = join(root, "pipeline.plico");
    const info = Deno.statSync(input);
    add(
      "sealEnvelope file → file",
      await timed(async () => {
        await sealEnvelope(alice.deps, alice.profile, {
          to: "Bob",
          text: "pipeline",
          attachments: [{
            name: "big.bin",
            mediaType: "application/octet-stream",
            size: info.size,
            open: () => openFileSource(input),
          }],
          expiresAt: null,
        }, await newFileSink(envelope));
      }),
      "application/seal_envelope.ts: read, package, seal, write, fsync",
    );

    const dir = join(root, "pipeline-out");
    Deno.mkdirSync(dir);
    add(
      "openEnvelope file → dir",
      await timed(async () => {
        await openEnvelope(
          bob.deps,
          bob.profile,
          await rereadableFile(envelope),
          await attachmentDirectory(dir),
        );
      }),
      "application/open_envelope.ts: one pass (decrypt, stage, fsync), burn commit, publish",
    );
    Deno.removeSync(dir, { recursive: true });
    Deno.removeSync(envelope);
  } finally {
    pair.close();
    Deno.removeSync(input);
  }
  return rows;
}
