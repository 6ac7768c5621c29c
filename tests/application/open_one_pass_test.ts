import assert from "node:assert/strict";
import { openEnvelope } from "../../application/open_envelope.ts";
import type { AttachmentStage } from "../../application/ports.ts";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { isPlicoError, PlicoError } from "../../domain/errors.ts";
import { connectedPair, open, seal } from "../support/active_session.ts";
import { memoryAttachment, memoryDirectory, rereadable } from "../support/memory_io.ts";

/** A memory stage whose steps can be made to fail, recording the order of calls. */
function faultyStage(fail: "write" | "reserve" | "publish" | null) {
  const inner = memoryDirectory();
  const calls: string[] = [];
  const stage: AttachmentStage = {
    async stage(name, meta) {
      calls.push("stage");
      const s = await inner.stage(name, meta);
      return {
        write: (b) => {
          if (fail === "write") return Promise.reject(new PlicoError("io", "disk full"));
          return s.write(b);
        },
        finish: () => {
          calls.push("finish");
          return s.finish();
        },
      };
    },
    reserve() {
      calls.push("reserve");
      if (fail === "reserve") throw new PlicoError("io", "no free file name");
      return inner.reserve();
    },
    async publish() {
      calls.push("publish");
      if (fail === "publish") return [{ reason: "the stick was pulled out", keptAt: null }];
      return await inner.publish();
    },
    discard() {
      calls.push("discard");
      return inner.discard();
    },
  };
  return { stage, calls, files: inner.files };
}

Deno.test("open writes in one pass: staged and durable, names reserved, commit, then publish", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const data = systemRandom.randomBytes(200_000);
    const env = await seal(alice, "Bob", "hi", [memoryAttachment("a.bin", data)]);
    let reads = 0;
    const input = rereadable(env);
    const counted = { size: input.size, open: () => (reads++, input.open()) };
    const { stage, calls, files } = faultyStage(null);
    const result = await openEnvelope(bob.deps, bob.profile, counted, stage);
    assert.equal(result.text, "hi");
    assert.deepEqual(calls, ["stage", "finish", "reserve", "publish"]);
    assert.deepEqual(files.get("a.bin"), data);
    assert.equal(result.attachments[0]!.savedAs, "a.bin");
    // The header once, the body once: nothing is decrypted twice.
    assert.equal(reads, 2);
  } finally {
    close();
  }
});

Deno.test("a failure while staging or reserving burns nothing and removes what was staged", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const data = systemRandom.randomBytes(70_000);
    const env = await seal(alice, "Bob", "still here", [memoryAttachment("a.bin", data)]);
    for (const fail of ["write", "reserve"] as const) {
      const { stage, calls } = faultyStage(fail);
      await assert.rejects(
        openEnvelope(bob.deps, bob.profile, rereadable(env), stage),
        (e) => isPlicoError(e, "io"),
      );
      assert.equal(calls.at(-1), "discard", fail);
      assert.ok(!calls.includes("publish"), fail);
    }
    const opened = await open(bob, env);
    assert.equal(opened.text, "still here");
    assert.deepEqual(opened.files.get("a.bin"), data);
  } finally {
    close();
  }
});

Deno.test("a gate that refuses (interrupted, time limit) stops the open before the commit", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const env = await seal(alice, "Bob", "later", [memoryAttachment("a.bin", new Uint8Array(9))]);
    const { stage, calls } = faultyStage(null);
    await assert.rejects(
      openEnvelope(bob.deps, bob.profile, rereadable(env), stage, { gate: { enter: () => false } }),
      (e) => isPlicoError(e, "interrupted") && /nothing changed/.test(e.message),
    );
    assert.deepEqual(calls, ["stage", "finish", "discard"]);
    assert.equal((await open(bob, env)).text, "later");
  } finally {
    close();
  }
});

Deno.test("a failure after the commit still returns the text and says what was not saved", async () => {
  const { alice, bob, close } = await connectedPair();
  try {
    const env = await seal(alice, "Bob", "keep me", [memoryAttachment("a.bin", new Uint8Array(5))]);
    const { stage } = faultyStage("publish");
    const result = await openEnvelope(bob.deps, bob.profile, rereadable(env), stage);
    assert.equal(result.text, "keep me");
    assert.equal(result.attachments[0]!.savedAs, null);
    assert.match(result.attachments[0]!.problem!.reason, /pulled out/);
    // It counts as opened.
    await assert.rejects(open(bob, env), (e) => isPlicoError(e, "envelope.already_opened"));
  } finally {
    close();
  }
});
