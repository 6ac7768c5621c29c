import assert from "node:assert/strict";
import type { Argon2Reply } from "../../../adapters/crypto/argon2_worker.ts";

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

// That the program's own request (`sendRequest`) gets the port through: argon2_stop_test.ts.
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
