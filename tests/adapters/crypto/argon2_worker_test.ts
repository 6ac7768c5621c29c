import assert from "node:assert/strict";
import { sendRequest } from "../../../adapters/crypto/argon2_in_worker.ts";
import { requestStop, stopCell } from "../../../adapters/crypto/argon2_stop.ts";
import type { Argon2Reply, Argon2Share } from "../../../adapters/crypto/argon2_worker.ts";

const WORKER_URL = new URL("../../../adapters/crypto/argon2_worker.ts", import.meta.url).href;

/** The next reply of `worker`, or its error event: whichever comes first. */
function next(worker: Worker): Promise<Argon2Reply> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<Argon2Reply>) => resolve(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      reject(new Error(`the worker failed: ${e.message}`));
    };
  });
}

Deno.test("the Argon2id worker refuses a request without a byte-array password and keeps serving", async () => {
  const worker = new Worker(WORKER_URL, { type: "module" });
  try {
    const salt = new Uint8Array(16);
    const params = { iterations: 1, memoryKiB: 8, parallelism: 1 };
    const refused = next(worker);
    worker.postMessage({ password: "pw", salt, params, length: 32 });
    const reply = await refused;
    assert.equal(reply.ok, false);
    assert.equal(!reply.ok && reply.code, "crypto.bad_length");
    // A worker that threw while cleaning up after the refusal would be gone: its error event
    // arrives before any later reply could.
    const served = next(worker);
    const password = new Uint8Array([1, 2, 3]);
    worker.postMessage({ password, salt, params, length: 32 });
    const tag = await served;
    assert.equal(tag.ok && tag.tag.length, 32);
  } finally {
    worker.terminate();
  }
});

Deno.test("a lead told it has a helper refuses a request that came without the helper's port", async () => {
  const worker = new Worker(WORKER_URL, { type: "module" });
  try {
    const refused = next(worker);
    const params = { iterations: 1, memoryKiB: 64, parallelism: 2 };
    const password = new Uint8Array([1, 2, 3]);
    worker.postMessage({ password, salt: new Uint8Array(16), params, length: 32, helped: true });
    const reply = await refused;
    assert.equal(reply.ok, false);
    assert.equal(!reply.ok && reply.code, "internal");
    assert.match(!reply.ok ? reply.message : "", /helper's port/);
  } finally {
    worker.terminate();
  }
});

Deno.test("sendRequest hands the lead its helper's port together with the moved passphrase", async () => {
  // The test stands in for the helper: the lead's shared memory arriving on the other end of
  // the port is the proof that the port got through (Deno drops a port listed after an
  // ArrayBuffer, which once left every unlock on one thread).
  const lead = new Worker(WORKER_URL, { type: "module" });
  const channel = new MessageChannel();
  try {
    const stop = stopCell();
    const shared = new Promise<Argon2Share>((resolve) => {
      channel.port2.onmessage = (e: MessageEvent<Argon2Share>) => resolve(e.data);
    });
    const answer = next(lead);
    const params = { iterations: 2, memoryKiB: 1024, parallelism: 4 };
    const password = new Uint8Array([1, 2, 3]);
    sendRequest(
      lead,
      { password, salt: new Uint8Array(16), params, length: 32 },
      stop,
      channel.port1,
    );
    assert.deepEqual([...password], [1, 2, 3]); // the caller's own buffer: copied, not moved
    const share = await Promise.race([shared, answer.then((r) => Promise.reject(r))]);
    assert.equal(share.shape.lanes, 4);
    requestStop(stop); // as argon2idInWorker does when its call settles
    const got = await answer;
    assert.equal(got.ok, false);
    assert.match(!got.ok ? got.message : "", /gave up/);
  } finally {
    channel.port2.close();
    lead.terminate();
  }
});
