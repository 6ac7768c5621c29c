import assert from "node:assert/strict";
import { sendRequest } from "../../../adapters/crypto/argon2_in_worker.ts";
import { argon2Shape, giveUp, sharedMemory } from "../../../adapters/crypto/argon2_lanes.ts";
import { requestStop, stopCell } from "../../../adapters/crypto/argon2_stop.ts";
import type { Argon2Reply, Argon2Share } from "../../../adapters/crypto/argon2_worker.ts";

const WORKER_URL = new URL("../../../adapters/crypto/argon2_worker.ts", import.meta.url).href;
/** Only a bound for a hang (the bug these tests guard against), never a timing assertion. */
const HANG_MS = 60_000;

/** The next reply of `worker`; rejects if none comes within `HANG_MS`. */
function reply(worker: Worker): Promise<Argon2Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the worker never answered")), HANG_MS);
    worker.onmessage = (e: MessageEvent<Argon2Reply>) => {
      clearTimeout(timer);
      resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      clearTimeout(timer);
      reject(new Error(`the worker failed: ${e.message}`));
    };
  });
}

const params = { iterations: 2, memoryKiB: 1024, parallelism: 4 };

Deno.test("a lead whose helper never fills its lanes answers once the caller gives up", async () => {
  // This test holds the helper's port and does nothing with the memory it receives: the lead
  // fills its lanes of the first slice, then waits for a partner that never comes.
  const lead = new Worker(WORKER_URL, { type: "module" });
  const channel = new MessageChannel();
  try {
    const stop = stopCell();
    const shared = new Promise<Argon2Share>((resolve) => {
      channel.port2.onmessage = (e: MessageEvent<Argon2Share>) => resolve(e.data);
    });
    const answer = reply(lead);
    // Sent as the program sends it: the share arriving on port2 also shows that the port got
    // through (Deno drops a port listed after an ArrayBuffer, which once left every unlock on
    // one thread).
    const password = new Uint8Array([1, 2, 3]);
    sendRequest(
      lead,
      { password, salt: new Uint8Array(16), params, length: 32 },
      stop,
      channel.port1,
    );
    assert.deepEqual([...password], [1, 2, 3]); // the caller's own buffer: copied, not moved
    // The lead answering first means it refused the request (the port did not arrive).
    const refused = answer.then((r) => Promise.reject(new Error(`no share: ${JSON.stringify(r)}`)));
    const { memory } = await Promise.race([shared, refused]);
    requestStop(stop); // what argon2idInWorker does when its call settles
    const got = await answer;
    assert.equal(got.ok, false);
    assert.match(!got.ok ? got.message : "", /gave up/);
    // The lead wiped the memory before it answered.
    assert.ok(new Uint8Array(memory.buffer).every((b) => b === 0));
  } finally {
    channel.port2.close();
    lead.terminate();
  }
});

Deno.test("a helper whose lead gives up stops, wipes the shared memory and says so", async () => {
  const helper = new Worker(WORKER_URL, { type: "module" });
  const channel = new MessageChannel();
  try {
    const shape = argon2Shape(params);
    const memory = sharedMemory(shape);
    new Uint8Array(memory.buffer).fill(7, 1024 * 1024); // stands for derived blocks
    const stop = stopCell();
    const answer = reply(helper);
    helper.postMessage({ helper: true }, [channel.port2]);
    // The helper fills lanes 1 and 3 of the first slice, then waits for this "lead".
    channel.port1.postMessage({ memory, shape, stop } satisfies Argon2Share);
    const cells = new Int32Array(memory.buffer, 96 * 1024, 2);
    while (Atomics.load(cells, 0) === 0) await new Promise((r) => setTimeout(r, 10));
    giveUp(stop, memory); // what a failing lead does
    const got = await answer;
    assert.equal(got.ok, false);
    assert.ok(new Uint8Array(memory.buffer).every((b) => b === 0));
  } finally {
    channel.port1.close();
    helper.terminate();
  }
});
