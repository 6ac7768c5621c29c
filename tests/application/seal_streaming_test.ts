/**
 * The seal use case reads each attachment into two alternating buffers (the next read runs
 * while the current piece is sealed): every byte must arrive once and in order whatever the
 * read sizes, and a failing read must stop the seal cleanly.
 */

import assert from "node:assert/strict";
import type { ByteSource } from "../../application/ports.ts";
import { type AttachmentInput, sealEnvelope } from "../../application/seal_envelope.ts";
import { connectedPair, open } from "../support/active_session.ts";
import { memorySink, memorySource } from "../support/memory_io.ts";
import { seededRandom } from "../support/seeded_random.ts";

const MiB = 1024 * 1024;

function attachment(name: string, bytes: Uint8Array, piece: number): AttachmentInput {
  return {
    name,
    mediaType: "application/octet-stream",
    size: bytes.length,
    open: () => Promise.resolve(memorySource(bytes, piece)),
  };
}

Deno.test("attachments read in whole buffers, odd pieces and single bytes all arrive intact", async () => {
  const pair = await connectedPair();
  try {
    const big = seededRandom("seal streaming big").randomBytes(9 * MiB + 7);
    const odd = seededRandom("seal streaming odd").randomBytes(MiB + 3);
    const tiny = seededRandom("seal streaming tiny").randomBytes(300);
    const sink = memorySink();
    await sealEnvelope(pair.alice.deps, pair.alice.profile, {
      to: "Bob",
      text: "three files",
      attachments: [
        attachment("big.bin", big, Number.MAX_SAFE_INTEGER), // every read fills the buffer
        attachment("odd.bin", odd, 65_537),
        attachment("tiny.bin", tiny, 1),
      ],
      expiresAt: null,
    }, sink);
    assert.ok(sink.committed);
    const opened = await open(pair.bob, sink.bytes());
    assert.equal(opened.text, "three files");
    assert.deepEqual(opened.files.get("big.bin"), big);
    assert.deepEqual(opened.files.get("odd.bin"), odd);
    assert.deepEqual(opened.files.get("tiny.bin"), tiny);
  } finally {
    pair.close();
  }
});

Deno.test("a failure while the next read is in flight aborts the seal; the source closes after the read settles", async () => {
  const pair = await connectedPair();
  try {
    // The file grew after it was measured: the second piece overflows the declared size while
    // the third read is already running.
    const size = 6 * MiB;
    let inFlight = 0;
    let closedWhileReading = false;
    let closed = false;
    const failing: ByteSource = {
      read(into) {
        inFlight++;
        return new Promise<number | null>((resolve) => {
          setTimeout(() => {
            inFlight--;
            resolve(into.length);
          }, 0);
        });
      },
      close() {
        closedWhileReading ||= inFlight > 0;
        closed = true;
      },
    };
    const sink = memorySink();
    await assert.rejects(
      sealEnvelope(pair.alice.deps, pair.alice.profile, {
        to: "Bob",
        text: "",
        attachments: [{
          name: "f.bin",
          mediaType: "application/octet-stream",
          size,
          open: () => Promise.resolve(failing),
        }],
        expiresAt: null,
      }, sink),
      /more bytes than declared/,
    );
    assert.ok(closed, "the source was closed");
    assert.ok(!closedWhileReading, "no read was in flight when the source was closed");
    assert.ok(!sink.committed);
    assert.equal(sink.bytes().length, 0, "the sink was aborted");
  } finally {
    pair.close();
  }
});
