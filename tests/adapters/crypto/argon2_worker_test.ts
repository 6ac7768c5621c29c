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
