/**
 * An envelope cut at a chunk boundary is a well-formed shorter body: every length check passes
 * and every remaining chunk authenticates. Only the last-chunk flag bound into each chunk's
 * nonce (PROTOCOL-envelope §8.2) tells it from a complete one. This checks, through the open use case,
 * that such a cut is refused by exactly that authentication failure — not by a later layer
 * that would hide a missing flag check — and that the refusal reveals, writes and burns nothing.
 *
 * @module
 */

import assert from "node:assert/strict";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { openEnvelope } from "../../application/open_envelope.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { BODY_SEALED_CHUNK_BYTES } from "../../domain/envelope/body_format.ts";
import { HEADER_BYTES } from "../../domain/envelope/mod.ts";
import { connectedPair, open, seal } from "../support/active_session.ts";
import { memoryAttachment, memoryDirectory, rereadable } from "../support/memory_io.ts";

Deno.test("an envelope cut at any chunk boundary fails authentication and changes nothing", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const file = systemRandom.randomBytes(4 * 65536);
    const envelope = await seal(alice, "Bob", "whole", [memoryAttachment("f.bin", file)]);
    const chunks = Math.ceil((envelope.length - HEADER_BYTES) / BODY_SEALED_CHUNK_BYTES);
    assert.ok(chunks >= 5, `${chunks} chunks`);
    for (let keep = 1; keep < chunks; keep++) {
      const cut = envelope.subarray(0, HEADER_BYTES + keep * BODY_SEALED_CHUNK_BYTES);
      const dir = memoryDirectory();
      await assert.rejects(
        openEnvelope(bob.deps, bob.profile, rereadable(cut), dir),
        (e) => isPlicoError(e, "crypto.auth_failed"),
        `cut after ${keep} of ${chunks} chunks`,
      );
      assert.equal(dir.files.size, 0, "nothing written");
    }
    // Nothing was burned or advanced: the whole envelope still opens, once.
    const opened = await open(bob, envelope);
    assert.equal(opened.text, "whole");
    assert.deepEqual(opened.files.get("f.bin"), file);
  } finally {
    close();
  }
});
