import assert from "node:assert/strict";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { UiClient } from "../adapters/ui-web/ui_client.ts";
import { axeViolations } from "./axe.ts";
import { createProfileInPage, download, go, pairWithPage, startUi, until } from "./ui_servers.ts";

Deno.test("view only: the sender ticks it on Write; the receiver's page shows the attachments, offers no Save and says it is a courtesy", async () => {
  const files = Deno.makeTempDirSync({ prefix: "plico-ui-files-" });
  const alice = new UiClient(); // Alice through app.request(); Bob in the browser
  const bob = startUi();
  const browser = await launchBrowser();
  try {
    const b = await browser.newPage();
    const errors: string[] = [];
    b.on("pageerror", (e) => errors.push(e.message));
    await alice.createProfile();
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
    form.append("attachment", new File([new Uint8Array(64)], "data.bin"));
    const sealed = await alice.request("/api/envelopes/seal", { body: form });
    assert.equal(sealed.status, 200);
    const envelope = `${files}/view-only.bin`;
    Deno.writeFileSync(envelope, new Uint8Array(await sealed.arrayBuffer()));

    await go(b, "open");
    await b.setInputFiles("#open-file", envelope);
    await b.click("#open-form button[type=submit]");
    await b.locator("#message-view-only", { hasText: "courtesy, not a protection" }).waitFor();
    assert.match(await b.textContent("#notice") ?? "", /asked that the attachments be viewed only/);
    const buttons = await b.locator("#message-attachments button").allTextContents();
    assert.deepEqual(buttons, ["View"], "no Save anywhere");
    await b.locator("#message-attachments li", { hasText: "cannot be shown here" }).waitFor();
    await b.click("#message-attachments button");
    await b.locator("#message-attachments pre", { hasText: "the terms, for your eyes" }).waitFor();
    await screenshot(b, "view-only-01-opened");
    for (const scheme of ["light", "dark"] as const) {
      await b.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await axeViolations(b), [], `axe, ${scheme}`);
    }
    await b.emulateMedia({ colorScheme: "light" });
    // Nothing is meant to be kept, so closing does not ask about unsaved attachments.
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
  } finally {
    await browser.close();
    await bob.close();
    await alice.close();
    Deno.removeSync(files, { recursive: true });
  }
});
