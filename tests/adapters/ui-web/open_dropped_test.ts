import assert from "node:assert/strict";
import { confirmedPair } from "./ui_client.ts";

Deno.test("a browser that drops the connection after the upload, before the commit, changes nothing", async () => {
  const { alice, bob, close } = await confirmedPair();
  try {
    const form = new FormData();
    form.append("to", "Bob");
    form.append("text", "survives a closed tab");
    form.append("attachment", new File([new Uint8Array([1, 2, 3])], "a.bin"), "a.bin");
    const sealed = await alice.request("/api/envelopes/seal", { body: form });
    assert.equal(sealed.status, 200);
    const envelope = new Uint8Array(await sealed.arrayBuffer());
    const upload = (signal?: AbortSignal) =>
      bob.request("/api/envelopes/open", {
        body: envelope,
        headers: { "content-type": "application/octet-stream" },
        signal,
      });

    // The tab is gone by the time the open would run: it is cancelled before its commit.
    const gone = new AbortController();
    gone.abort();
    const dropped = await upload(gone.signal);
    assert.equal((await dropped.json()).error.code, "interrupted");

    // Nothing was burned: the same envelope opens, once.
    const res = await upload();
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.text, "survives a closed tab");
    assert.equal(body.attachments.length, 1);
    const again = await upload();
    assert.equal(again.status, 410);
    await again.body?.cancel();
  } finally {
    close();
  }
});
