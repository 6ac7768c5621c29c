import assert from "node:assert/strict";
import { screenshot } from "../support/browser.ts";
import { axeViolations } from "./axe.ts";
import {
  createProfileInPage,
  download,
  go,
  pairWithPage,
  until,
  withTwoParties,
} from "./ui_servers.ts";

Deno.test("view only: the sender ticks it on Write; the receiver's page shows the attachments without Save, still saves a file it cannot show, and says it is a courtesy", async () => {
  await withTwoParties({}, async ({ alice, bob, page: b, errors, files }) => {
    await createProfileInPage(b, bob);
    await pairWithPage(alice, b, files);

    // Alice seals with view only: a text she lets Bob read, and a file the page cannot show.
    const form = new FormData();
    form.append("to", "Bob");
    form.append("text", "read it, do not keep it");
    form.append("viewOnly", "true");
    form.append(
      "attachment",
      new File(["the terms, for your eyes"], "terms.txt", {
        type: "text/plain",
      }),
    );
    // Not all zeros, so the saved copy is checked byte for byte against something distinctive.
    const data = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
    form.append("attachment", new File([data], "data.bin"));
    // Declared an image but not one: the preview fails, so it too must get its Save.
    const fake = new TextEncoder().encode("not a picture at all");
    form.append("attachment", new File([fake], "broken.png", { type: "image/png" }));
    const sealed = await alice.request("/api/envelopes/seal", { body: form });
    assert.equal(sealed.status, 200);
    const envelope = `${files}/view-only.bin`;
    Deno.writeFileSync(envelope, new Uint8Array(await sealed.arrayBuffer()));

    await go(b, "open");
    await b.setInputFiles("#open-file", envelope);
    await b.click("#open-form button[type=submit]");
    await b.locator("#message-view-only", { hasText: "courtesy, not a protection" }).waitFor();
    // A file the page cannot show is still offered for saving: the envelope opens once, so
    // withholding its Save would lose it for good. So the usual "save what you want to keep".
    assert.match(await b.textContent("#notice") ?? "", /save what you want to keep/);
    const terms = b.locator("#message-attachments li", { hasText: "terms.txt" });
    assert.deepEqual(await terms.locator("button").allTextContents(), ["View"], "no Save");
    const bin = b.locator("#message-attachments li", { hasText: "data.bin" });
    await bin.locator("span", { hasText: "cannot be shown here, so it can only be saved" })
      .waitFor();
    assert.deepEqual(await bin.locator("button").allTextContents(), ["Save"]);
    await terms.locator("button").click();
    await b.locator("#message-attachments pre", { hasText: "the terms, for your eyes" }).waitFor();
    await screenshot(b, "view-only-01-opened");
    for (const scheme of ["light", "dark"] as const) {
      await b.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await axeViolations(b), [], `axe, ${scheme}`);
    }
    await b.emulateMedia({ colorScheme: "light" });
    // The files not yet saved count as unsaved, so closing asks first.
    await b.click("#message-close");
    await b.locator("#message-unsaved-confirm").waitFor();
    await b.click("#message-unsaved-keep");
    await until(b, `document.getElementById("message-unsaved-confirm").hidden`);
    const saved = await download(b, files, () => bin.locator("button").click());
    assert.equal(saved.name, "data.bin");
    assert.deepEqual(Deno.readFileSync(saved.path), data);
    const broken = b.locator("#message-attachments li", { hasText: "broken.png" });
    await broken.locator("span", { hasText: "so it can only be saved" }).waitFor();
    assert.equal(await broken.locator("img").count(), 0, "the failed preview is gone");
    const savedFake = await download(b, files, () => broken.locator("button").click());
    assert.deepEqual(Deno.readFileSync(savedFake.path), fake);
    // Both saved; the text is view only and never counts as unsaved: closing does not ask now.
    await b.click("#message-close");
    await until(b, `document.getElementById("message-view").hidden`);
    assert.ok(await b.locator("#message-unsaved-confirm").isHidden());

    // Bob ticks it on Write; Alice's open reports it.
    await go(b, "compose");
    await until(b, `document.getElementById("compose-to").value === "Alice"`);
    await b.fill("#compose-text", "same to you");
    await b.check("#compose-view-only");
    const got = await download(b, files, () => b.click("#compose-form button[type=submit]"));
    const opened = await alice.request("/api/envelopes/open", {
      body: Deno.readFileSync(got.path),
      headers: { "content-type": "application/octet-stream" },
    });
    const body = await opened.json();
    assert.equal(body.text, "same to you");
    assert.equal(body.viewOnly, true);
    assert.deepEqual(errors, []);
  });
});
