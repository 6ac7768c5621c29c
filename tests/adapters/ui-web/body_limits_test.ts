import assert from "node:assert/strict";
import { pumpBody, streamBodyToFile } from "../../../adapters/ui-web/body_reader.ts";
import { KiB, UI_JSON_BODY_MAX_BYTES, UI_OPEN_MAX_BYTES } from "../../../domain/limits.ts";
import { codeOf, UiClient } from "./ui_client.ts";

const CHUNK = 1 * KiB;

/** A body of `chunks` chunks of `CHUNK` bytes that counts how many chunks were pulled. */
function countingBody(chunks: number, fill = 0x20) {
  const counter = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled === chunks) {
        controller.close();
        return;
      }
      counter.pulled++;
      controller.enqueue(new Uint8Array(CHUNK).fill(fill));
    },
    cancel() {
      counter.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, counter };
}

Deno.test("an honest Content-Length above the limit is refused before a byte is read", async () => {
  const c = new UiClient();
  try {
    await c.launch();
    const { stream, counter } = countingBody(64);
    const r = await c.request("/api/profile/unlock", {
      body: stream,
      headers: {
        "content-type": "application/json",
        "content-length": String(UI_JSON_BODY_MAX_BYTES + 1),
      },
    });
    assert.equal(r.status, 413);
    assert.equal(codeOf(await r.json()), "ui.too_large");
    assert.equal(counter.pulled, 0);
  } finally {
    await c.close();
  }
});

Deno.test("a body without Content-Length is cut off as soon as the streamed bytes pass the limit", async () => {
  const c = new UiClient();
  try {
    await c.launch();
    const { stream, counter } = countingBody(4 * UI_JSON_BODY_MAX_BYTES / CHUNK);
    const r = await c.request("/api/profile/unlock", {
      body: stream,
      headers: { "content-type": "application/json", "content-length": null },
    });
    assert.equal(r.status, 413);
    assert.equal(codeOf(await r.json()), "ui.too_large");
    assert.ok(counter.pulled <= UI_JSON_BODY_MAX_BYTES / CHUNK + 2, `${counter.pulled} chunks`);
    assert.ok(counter.cancelled);
  } finally {
    await c.close();
  }
});

Deno.test("a lying Content-Length does not let a larger body through", async () => {
  const c = new UiClient();
  try {
    await c.launch();
    const { stream, counter } = countingBody(4 * UI_JSON_BODY_MAX_BYTES / CHUNK);
    const r = await c.request("/api/profile/unlock", {
      body: stream,
      headers: { "content-type": "application/json", "content-length": "10" },
    });
    assert.equal(r.status, 400);
    assert.equal(codeOf(await r.json()), "ui.bad_request");
    assert.ok(counter.pulled <= 2, `${counter.pulled} chunks`);
    assert.ok(counter.cancelled);

    const short = await c.request("/api/profile/unlock", {
      body: JSON.stringify({ passphrase: "x" }),
      headers: { "content-type": "application/json", "content-length": "1000" },
    });
    assert.equal(short.status, 400);
    await short.body?.cancel();
    const malformed = await c.request("/api/profile/unlock", {
      body: "{}",
      headers: { "content-type": "application/json", "content-length": "2x" },
    });
    assert.equal(malformed.status, 400);
    await malformed.body?.cancel();
  } finally {
    await c.close();
  }
});

Deno.test("pumpBody counts streamed bytes whatever Content-Length claims", async () => {
  for (const declared of [null, "5", String(8 * CHUNK)]) {
    const { stream } = countingBody(8);
    const headers = new Headers(declared === null ? {} : { "content-length": declared });
    const request = new Request("http://127.0.0.1/", { method: "POST", body: stream, headers });
    let seen = 0;
    await assert.rejects(
      pumpBody(request, 3 * CHUNK, (chunk) => {
        seen += chunk.length;
      }),
      (e: Error & { code?: string }) => e.code === "ui.too_large" || e.code === "ui.bad_request",
    );
    assert.ok(seen <= 3 * CHUNK, `declared ${declared}: ${seen} bytes delivered`);
  }
});

Deno.test("an upload streamed to disk is removed again when it passes the limit", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const path = `${dir}/upload`;
    const { stream } = countingBody(16);
    const request = new Request("http://127.0.0.1/", { method: "POST", body: stream });
    await assert.rejects(streamBodyToFile(request, path, 4 * CHUNK), { code: "ui.too_large" });
    assert.deepEqual([...Deno.readDirSync(dir)], []);
    const ok = new Request("http://127.0.0.1/", { method: "POST", body: "ciphertext" });
    assert.equal(await streamBodyToFile(ok, path, 4 * CHUNK), 10);
    assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("setup files over 16 KiB and envelopes over the UI limit are refused unread", async () => {
  const c = new UiClient();
  try {
    await c.createProfile();
    const big = btoa("x".repeat(20 * KiB));
    const r = await c.api("sessions/answer", { label: "Bob", file: big });
    assert.equal(r.status, 413);
    assert.equal(codeOf(r.body), "ui.too_large");

    const { stream, counter } = countingBody(4);
    const env = await c.request("/api/envelopes/open", {
      body: stream,
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(UI_OPEN_MAX_BYTES + 1),
      },
    });
    assert.equal(env.status, 413);
    await env.body?.cancel();
    assert.equal(counter.pulled, 0);
  } finally {
    await c.close();
  }
});
