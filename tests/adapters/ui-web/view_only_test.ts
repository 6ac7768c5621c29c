import assert from "node:assert/strict";
import { confirmedPair } from "./ui_client.ts";

function form(text: string, viewOnly: string | null): FormData {
  const f = new FormData();
  f.append("to", "Bob");
  f.append("text", text);
  if (viewOnly !== null) f.append("viewOnly", viewOnly);
  f.append("attachment", new File(["shown, not saved"], "note.txt", { type: "text/plain" }));
  return f;
}

Deno.test("the sender's view only travels in the envelope and comes back with the opened message", async () => {
  const { alice, bob, close } = await confirmedPair();
  try {
    for (const [field, expected] of [["true", true], ["false", false], [null, false]] as const) {
      const sealed = await alice.request("/api/envelopes/seal", { body: form("hi", field) });
      assert.equal(sealed.status, 200);
      const opened = await bob.request("/api/envelopes/open", {
        body: new Uint8Array(await sealed.arrayBuffer()),
        headers: { "content-type": "application/octet-stream" },
      });
      const body = await opened.json();
      assert.equal(opened.status, 200);
      assert.equal(body.viewOnly, expected, `viewOnly=${field}`);
      // A courtesy: the attachment is still served to the page, which shows it.
      const got = await bob.request("/api/envelopes/attachment", {
        json: { id: body.attachments[0].id },
      });
      assert.equal(await got.text(), "shown, not saved");
    }
  } finally {
    await close();
  }
});
