import assert from "node:assert/strict";
import { NEUTRAL_NAME_PATTERN } from "../../../adapters/ui-web/download_name.ts";
import { codeOf, confirmedPair, type UiClient } from "./ui_client.ts";

const NAME = `<img src=x onerror=alert(1)>.png`;
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);

function composeForm(fields: Record<string, string>, files: File[] = []): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("attachment", f, f.name);
  return form;
}

async function seal(c: UiClient, form: FormData) {
  const res = await c.request("/api/envelopes/seal", { body: form });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) as Uint8Array<ArrayBuffer> };
}

async function open(c: UiClient, envelope: Uint8Array<ArrayBuffer>) {
  const res = await c.request("/api/envelopes/open", {
    body: envelope,
    headers: { "content-type": "application/octet-stream" },
  });
  return { status: res.status, body: await res.json() };
}

Deno.test("seal with an attachment, open once, save the attachment; the second open is refused", async () => {
  const { alice, bob, close } = await confirmedPair();
  try {
    const sealed = await seal(
      alice,
      composeForm(
        { to: "Bob", text: "hello <b>Bob</b> https://example.org", expiresInMinutes: "60" },
        [new File([PNG_BYTES], NAME, { type: "image/png" })],
      ),
    );
    assert.equal(sealed.res.status, 200);
    assert.equal(sealed.res.headers.get("content-type"), "application/octet-stream");
    const name = decodeURIComponent(sealed.res.headers.get("x-plico-filename")!);
    assert.match(name, NEUTRAL_NAME_PATTERN);
    assert.ok(name.endsWith(".bin"));
    assert.equal(sealed.res.headers.get("cache-control"), "no-store");

    const opened = await open(bob, sealed.bytes);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.equal(opened.body.from, "Alice");
    assert.equal(opened.body.text, "hello <b>Bob</b> https://example.org");
    assert.notEqual(opened.body.expiresAt, null);
    assert.equal(opened.body.attachments.length, 1);
    const [a] = opened.body.attachments;
    assert.equal(a.mediaType, "image/png");
    assert.equal(a.size, PNG_BYTES.length);
    assert.ok(!a.name.includes("/"));

    const file = await bob.request("/api/envelopes/attachment", { json: { id: a.id } });
    assert.equal(file.status, 200);
    assert.equal(file.headers.get("content-type"), "application/octet-stream");
    assert.equal(decodeURIComponent(file.headers.get("x-plico-filename")!), a.name);
    assert.deepEqual(new Uint8Array(await file.arrayBuffer()), PNG_BYTES);

    const second = await open(bob, sealed.bytes);
    assert.equal(second.status, 410);
    assert.equal(codeOf(second.body), "envelope.already_opened");
    // A failed open drops what the previous one held.
    const gone = await bob.api("envelopes/attachment", { id: a.id });
    assert.equal(gone.status, 404);
  } finally {
    await close();
  }
});

Deno.test("locking drops the opened message's attachments; armored envelopes open too", async () => {
  const { alice, bob, close } = await confirmedPair();
  try {
    const sealed = await seal(
      alice,
      composeForm({ to: "Bob", text: "armored", armor: "true" }, [
        new File(["secret bytes"], "notes.txt", { type: "text/plain" }),
      ]),
    );
    assert.equal(sealed.res.status, 200);
    const text = new TextDecoder().decode(sealed.bytes);
    assert.match(text, /^-----BEGIN ENCRYPTED DATA-----\n/);
    const opened = await open(bob, sealed.bytes);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.equal(opened.body.text, "armored");
    const id = opened.body.attachments[0].id;
    assert.equal((await bob.api("lock")).status, 200);
    assert.equal((await bob.api("envelopes/attachment", { id })).status, 423);
    await bob.api("profile/unlock", { passphrase: "orbit lantern velvet 42 quay" });
    const after = await bob.api("envelopes/attachment", { id });
    assert.equal(after.status, 404);
    assert.equal(codeOf(after.body), "ui.not_found");

    const discarded = await seal(alice, composeForm({ to: "Bob", text: "two" }));
    const second = await open(bob, discarded.bytes);
    assert.equal(second.body.text, "two");
    assert.deepEqual((await bob.api("envelopes/discard")).body, { discarded: true });
  } finally {
    await close();
  }
});

Deno.test("an opened message stays held for a page that never showed it, until closed or locked", async () => {
  const { alice, bob, close } = await confirmedPair();
  try {
    assert.deepEqual((await bob.api("envelopes/current")).body, { opened: null });
    const sealed = await seal(
      alice,
      composeForm({ to: "Bob", text: "kept for the page" }, [
        new File(["attached"], "a.txt", { type: "text/plain" }),
      ]),
    );
    const opened = await open(bob, sealed.bytes);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    // The reply was lost (the tab closed after the commit): the page that comes back gets it.
    const again = await bob.api("envelopes/current");
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { opened: opened.body });
    // Closing the message drops it.
    await bob.api("envelopes/discard");
    assert.deepEqual((await bob.api("envelopes/current")).body, { opened: null });
    // So does locking.
    const second = await open(
      bob,
      (await seal(alice, composeForm({ to: "Bob", text: "2" }))).bytes,
    );
    assert.equal(second.status, 200);
    assert.equal((await bob.api("lock")).status, 200);
    assert.equal((await bob.api("envelopes/current")).status, 423);
    await bob.api("profile/unlock", { passphrase: "orbit lantern velvet 42 quay" });
    assert.deepEqual((await bob.api("envelopes/current")).body, { opened: null });
  } finally {
    await close();
  }
});

Deno.test("sealing refuses unknown sessions, locked profiles and non-form bodies", async () => {
  const { alice, bob, close } = await confirmedPair();
  try {
    const unknown = await seal(alice, composeForm({ to: "Nobody", text: "x" }));
    assert.equal(unknown.res.status, 404);
    const json = await alice.api("envelopes/seal", { to: "Bob", text: "x" });
    assert.equal(json.status, 415);
    const garbage = await open(bob, new Uint8Array(4096).fill(7));
    assert.equal(garbage.status, 422);
    assert.equal(codeOf(garbage.body), "envelope.unknown");
    const wrongType = await bob.request("/api/envelopes/open", {
      body: new Uint8Array(10),
      headers: { "content-type": "text/plain" },
    });
    assert.equal(wrongType.status, 415);
    await wrongType.body?.cancel();
    await alice.api("lock");
    const locked = await seal(alice, composeForm({ to: "Bob", text: "x" }));
    assert.equal(locked.res.status, 423);
  } finally {
    await close();
  }
});

Deno.test("an envelope hidden in a PNG carrier opens through the normal open path", async () => {
  const { alice, bob, close } = await confirmedPair();
  try {
    const sealed = await seal(alice, composeForm({ to: "Bob", text: "in a picture" }));
    const key = new File(["shared secret file"], "key.bin");
    const embedForm = new FormData();
    embedForm.append("envelope", new File([sealed.bytes], "e.plico"));
    embedForm.append("key", key);
    const png = await alice.request("/api/carrier/embed", { body: embedForm });
    assert.equal(png.status, 200);
    const pngName = decodeURIComponent(png.headers.get("x-plico-filename")!);
    assert.match(pngName, NEUTRAL_NAME_PATTERN);
    assert.ok(pngName.endsWith(".png"));
    const image = new Uint8Array(await png.arrayBuffer());
    assert.deepEqual([...image.subarray(1, 4)], [0x50, 0x4e, 0x47]);

    const wrongKey = new FormData();
    wrongKey.append("image", new File([image], "c.png"));
    const refused = await bob.request("/api/carrier/open", { body: wrongKey });
    assert.equal(refused.status, 422);
    assert.equal(codeOf(await refused.json()), "carrier.error");

    const form = new FormData();
    form.append("image", new File([image], "c.png"));
    form.append("key", key);
    const res = await bob.request("/api/carrier/open", { body: form });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.text, "in a picture");
  } finally {
    await close();
  }
});
