/**
 * The burn check inside the commit transaction of `openEnvelope`, in isolation. The earlier
 * checks (the header step's look-up, and the redo when another process advanced the session)
 * catch every ordinary second open first, so this one is reached only when a burn record
 * appears between the first pass and the commit without the session changing. The test makes
 * exactly that happen: the open is paused before its first pass, the envelope's header tag is
 * burned meanwhile, then the open resumes. Without the check, the commit would hit the
 * table's key constraint instead of answering "already opened".
 *
 * @module
 */

import assert from "node:assert/strict";
import { openEnvelope } from "../../application/open_envelope.ts";
import type { Rereadable } from "../../application/ports.ts";
import { headerBurnTag } from "../../domain/burn_tag.ts";
import { HEADER_BYTES } from "../../domain/envelope/mod.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { connectedPair, seal } from "../support/active_session.ts";
import { memoryDirectory, memorySource } from "../support/memory_io.ts";

Deno.test("openEnvelope() re-checks the burn registry inside its commit", async () => {
  const { alice, bob, clock, close } = await connectedPair();
  try {
    const envelope = await seal(alice, "Bob", "only once");
    let opens = 0;
    let resume!: () => void;
    const resumed = new Promise<void>((r) => resume = r);
    let paused!: () => void;
    const reachedPause = new Promise<void>((r) => paused = r);
    const input: Rereadable = {
      size: envelope.length,
      open: async () => {
        // Open 1 reads the header; open 2 is the first pass over the body.
        if (++opens === 2) {
          paused();
          await resumed;
        }
        return memorySource(envelope);
      },
    };
    const opening = openEnvelope(bob.deps, bob.profile, input, memoryDirectory());
    await reachedPause;
    const burnKey = bob.profile.subkey("burn");
    bob.profile.vault.burn(
      headerBurnTag(bob.deps.crypto, burnKey, envelope.subarray(0, HEADER_BYTES)),
      clock.now(),
    );
    burnKey.fill(0);
    resume();
    await assert.rejects(opening, (e) => isPlicoError(e, "envelope.already_opened"));
  } finally {
    close();
  }
});
