/**
 * Reading with the next piece in flight (seal and open): every byte once and in order, never two
 * reads at once, and no read still running when it returns or fails (the buffers are wiped then).
 */
import assert from "node:assert/strict";
import type { ByteSource } from "../../application/ports.ts";
import { readAhead, type ReadBuffers } from "../../application/read_ahead.ts";

/** A source over `data` giving at most `step` bytes per read, counting reads in flight. */
function source(data: Uint8Array, step: number) {
  let at = 0;
  const state = { inFlight: 0, maxInFlight: 0, reads: 0, finishedReads: 0 };
  const src: ByteSource & { state: typeof state } = {
    state,
    async read(into) {
      state.inFlight++;
      state.reads++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      // Let the caller run (and possibly fail) before this read completes.
      await new Promise((r) => setTimeout(r, 0));
      state.inFlight--;
      state.finishedReads++;
      if (at >= data.length) return null;
      const n = Math.min(step, into.length, data.length - at);
      into.set(data.subarray(at, at + n));
      at += n;
      return n;
    },
    close() {},
  };
  return src;
}

function buffers(size: number): ReadBuffers {
  return { a: new Uint8Array(size), b: new Uint8Array(size) };
}

Deno.test("readAhead hands over every piece in order, with one read running ahead", async () => {
  const data = new Uint8Array(1000).map((_, i) => (i * 7) & 255);
  const cases: [number, number][] = [[1000, 1000], [300, 256], [7, 64], [64, 64]];
  for (const [step, size] of cases) {
    const src = source(data, step);
    const got: number[] = [];
    let overlapped = false;
    await readAhead(src, buffers(size), async (piece) => {
      // The next read was started before this piece is used.
      if (src.state.inFlight === 1) overlapped = true;
      got.push(...piece);
      await Promise.resolve();
    });
    assert.deepEqual(new Uint8Array(got), data, `step ${step}, buffers of ${size}`);
    assert.deepEqual(src.state.maxInFlight, 1, "never two reads at once");
    assert.deepEqual(overlapped, true, "reads run ahead of the caller");
    assert.deepEqual(src.state.inFlight, 0);
  }
});

Deno.test("readAhead gives no piece for an empty source", async () => {
  let calls = 0;
  await readAhead(source(new Uint8Array(0), 10), buffers(16), () => {
    calls++;
    return Promise.resolve();
  });
  assert.deepEqual(calls, 0);
});

Deno.test("readAhead fails with the caller's error only once no read is in flight", async () => {
  const src = source(new Uint8Array(100), 10);
  await assert.rejects(
    () =>
      readAhead(src, buffers(10), () => {
        throw new Error("stop");
      }),
    /stop/,
  );
  assert.deepEqual(src.state.inFlight, 0, "the read started ahead has completed");
  assert.deepEqual(src.state.finishedReads, src.state.reads);
});

Deno.test("readAhead reports a failed read", async () => {
  let reads = 0;
  const failing: ByteSource = {
    read(into) {
      reads++;
      if (reads === 3) return Promise.reject(new Error("disk"));
      into[0] = 1;
      return Promise.resolve(1);
    },
    close() {},
  };
  let pieces = 0;
  await assert.rejects(
    () =>
      readAhead(failing, buffers(4), () => {
        pieces++;
        return Promise.resolve();
      }),
    /disk/,
  );
  assert.deepEqual(pieces, 2);
});
