import assert from "node:assert/strict";
import { join } from "node:path";
import { runSandboxed } from "../../../adapters/sandbox/run_sandboxed.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { tempDir } from "../../support/run_plico.ts";
import type { EscapeRequest } from "./escape_worker.ts";
import { LOADING_MS, type SlowStartRequest } from "./slow_start_worker.ts";
import { requireWorkerOptions } from "./worker_options.ts";

const ESCAPE_WORKER = new URL("./escape_worker.ts", import.meta.url);

function run(request: EscapeRequest, grants = {}, options = {}) {
  requireWorkerOptions();
  return runSandboxed<EscapeRequest, Record<string, string>>(
    ESCAPE_WORKER,
    request,
    grants,
    options,
  );
}

/** Every right a parser bug could abuse, refused inside the sandbox. */
const REFUSED = {
  readPasswd: "NotCapable",
  readForbidden: "NotCapable",
  writeForbidden: "NotCapable",
  fetchLoopback: "NotCapable",
  connectLoopback: "NotCapable",
  listen: "NotCapable",
  netQuery10: "prompt",
  netQueryTestNet: "prompt",
  importQuery: "prompt",
  env: "NotCapable",
  envToObject: "NotCapable",
  run: "NotCapable",
  sys: "NotCapable",
  ffi: "NotCapable",
  requestRead: "denied",
  nestedWorker: "NotCapable",
};

Deno.test("runSandboxed with no grants refuses files, network, env, processes, FFI and sys", async () => {
  const dir = tempDir();
  try {
    const file = join(dir.path, "input");
    Deno.writeTextFileSync(file, "data");
    const seen = await run({ mode: "escape", granted: file, forbidden: file });
    assert.deepEqual(seen, { ...REFUSED, readGranted: "NotCapable", writeGranted: "not asked" });
    // The program itself still holds these rights: only the worker lost them.
    assert.equal(Deno.readTextFileSync(file), "data");
    assert.equal(typeof Deno.env.get("HOME"), "string");
  } finally {
    dir.remove();
  }
});

Deno.test("runSandboxed grants reading and writing exactly the listed paths", async () => {
  const dir = tempDir();
  try {
    const granted = join(dir.path, "granted");
    const forbidden = join(dir.path, "forbidden");
    const outDir = join(dir.path, "out");
    Deno.mkdirSync(outDir);
    Deno.writeTextFileSync(granted, "yes");
    Deno.writeTextFileSync(forbidden, "no");
    const seen = await run(
      { mode: "escape", granted, forbidden, writable: outDir },
      { read: [granted], write: [outDir] },
    );
    assert.deepEqual(seen, { ...REFUSED, readGranted: "ok", writeGranted: "ok" });
    assert.equal(Deno.readTextFileSync(join(outDir, "out.txt")), "x");
  } finally {
    dir.remove();
  }
});

Deno.test("runSandboxed returns a PlicoError thrown in the worker with its code and message", async () => {
  await assert.rejects(
    run({ mode: "plico-error" }),
    (e) => isPlicoError(e, "input.malformed") && e.message === "the test input is malformed",
  );
});

Deno.test("runSandboxed reports other worker errors as internal without their message", async () => {
  await assert.rejects(
    run({ mode: "type-error" }),
    (e) =>
      isPlicoError(e, "internal") && !e.message.includes("deadbeef") && /TypeError/.test(e.message),
  );
});

Deno.test("runSandboxed terminates a worker that does not answer in time", async () => {
  // The message names the time limit: only the timeout path produces it.
  await assert.rejects(
    run({ mode: "hang" }, {}, { timeoutMs: 300 }),
    (e) => isPlicoError(e, "input.malformed") && /within 300 ms/.test(e.message),
  );
});

Deno.test("runSandboxed survives a worker calling Deno.exit: only the worker ends", async () => {
  await assert.rejects(run({ mode: "exit" }, {}, { timeoutMs: 500 }), (e) => isPlicoError(e));
});

Deno.test("runSandboxed moves transferred buffers instead of copying them", async () => {
  const payload = new Uint8Array([7, 8, 9]);
  const seen = await run({ mode: "echo", payload }, {}, { transfer: [payload.buffer] });
  assert.deepEqual(seen, { length: 3, first: 7 });
  assert.equal(payload.length, 0); // detached: the parent no longer holds the bytes
});

Deno.test("runSandboxed refuses a file-system root, an empty path and a remote module", () => {
  requireWorkerOptions();
  for (const grants of [{ read: ["/"] }, { write: ["/tmp/.."] }, { read: [""] }]) {
    assert.throws(
      () => runSandboxed(ESCAPE_WORKER, { mode: "echo" }, grants),
      (e) => isPlicoError(e, "internal"),
    );
  }
  assert.throws(
    () => runSandboxed(new URL("https://example.com/worker.ts"), {}),
    (e) => isPlicoError(e, "internal"),
  );
});

Deno.test("a worker without the restriction refuses to serve: the self-check catches it", async () => {
  requireWorkerOptions();
  // Created the way a careless caller would: inheriting every right of this test process.
  const worker = new Worker(ESCAPE_WORKER, { type: "module" });
  try {
    const reply = await new Promise<{ ok: boolean; error?: { name: string } }>((resolve) => {
      worker.onmessage = (e) => {
        if (!("started" in e.data)) resolve(e.data);
      };
      worker.postMessage({ request: { mode: "echo" } });
    });
    assert.equal(reply.ok, false);
    assert.equal(reply.error?.name, "SandboxBreach");
  } finally {
    worker.terminate();
  }
});

Deno.test("the time limit counts from the worker's start: slow loading is no hostile input", async () => {
  requireWorkerOptions();
  const worker = new URL("./slow_start_worker.ts", import.meta.url);
  // Loading takes longer than the limit; the answer comes at once after it.
  const answered = await runSandboxed<SlowStartRequest, string>(
    worker,
    { hang: false },
    {},
    { timeoutMs: LOADING_MS / 3 },
  );
  assert.equal(answered, "answered");
  // Once started, a worker that never answers is stopped by the limit.
  await assert.rejects(
    runSandboxed<SlowStartRequest, string>(worker, { hang: true }, {}, {
      timeoutMs: LOADING_MS / 3,
    }),
    (e) => isPlicoError(e, "input.malformed") && /not parsed within/.test(e.message),
  );
});
