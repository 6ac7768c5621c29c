import assert from "node:assert/strict";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { UiClient } from "../adapters/ui-web/ui_client.ts";
import { createProfileInPage, download, go, startUi, waitForView } from "./ui_servers.ts";

// Long enough that opening a message on a loaded machine never meets the lock before the test
// reaches its idle part; the waits below poll for what the page did instead of sleeping.
const IDLE_MS = 8000;
const CLIPBOARD_MS = 700;

/**
 * Counts the page's own reads of the clipboard (its conditional clear reads before clearing), so
 * the test can wait until a scheduled clear has run instead of sleeping past it. The test reads
 * through the saved original, which the counter does not see.
 */
const COUNT_PAGE_READS = `(() => {
  const original = navigator.clipboard.readText.bind(navigator.clipboard);
  globalThis.testRead = original;
  globalThis.pageReads = 0;
  navigator.clipboard.readText = () => { globalThis.pageReads++; return original(); };
})()`;

Deno.test("copied text is cleared only while still Plico's, and the idle lock wipes an opened message", async () => {
  const files = Deno.makeTempDirSync({ prefix: "plico-ui-files-" });
  const alice = new UiClient(); // Alice works through app.request(); Bob in the browser
  const bob = startUi({ idleLockMs: IDLE_MS, clipboardClearMs: CLIPBOARD_MS });
  const browser = await launchBrowser();
  try {
    const b = await browser.newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    await alice.createProfile();
    await createProfileInPage(b, bob);

    // Setup: Alice's file is uploaded in Bob's page; Bob's answer goes back to Alice's app.
    const init = await alice.api("sessions/new", { label: "Bob" });
    const initPath = `${files}/init.plico`;
    Deno.writeFileSync(
      initPath,
      Uint8Array.from(atob(init.body.file.base64), (c) => c.charCodeAt(0)),
    );
    await go(b, "answer");
    await b.setInputFiles("#answer-file", initPath);
    await b.fill("#answer-label", "Alice");
    const responder = await download(b, files, () => b.click("#answer-form button[type=submit]"));
    await waitForView(b, "confirm");
    // Each side types the code the other reads aloud (PROTOCOL-handshake §10).
    const code = (await b.textContent("#confirm-code"))!;
    const respB64 = btoa(String.fromCharCode(...Deno.readFileSync(responder.path)));
    const finished = await alice.api("sessions/finish", { file: respB64 });
    assert.equal(finished.status, 200);
    await b.fill("#confirm-input", finished.body.myCode);
    await b.click("#confirm-form button[type=submit]");
    await waitForView(b, "sessions");
    assert.equal(
      (await alice.api("sessions/confirm", { label: "Bob", code })).body.confirmed,
      true,
    );

    const form = new FormData();
    form.append("to", "Bob");
    form.append("text", "the vault code is 4711");
    const sealed = await alice.request("/api/envelopes/seal", { body: form });
    assert.equal(sealed.status, 200);
    const envelopePath = `${files}/message.plico`;
    Deno.writeFileSync(envelopePath, new Uint8Array(await sealed.arrayBuffer()));

    await go(b, "open");
    await b.setInputFiles("#open-file", envelopePath);
    await b.click("#open-form button[type=submit]");
    await b.locator("#message-view").waitFor({ state: "visible" });

    // Evaluated in the page (a string, because Deno's types have no navigator.clipboard).
    await b.evaluate(COUNT_PAGE_READS);
    const clipboard = () => b.evaluate("globalThis.testRead()");
    // Polled from here: the page's CSP refuses the string evaluation waitForFunction uses.
    const until = async (what: string, check: () => Promise<boolean>) => {
      const deadline = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const pageReads = async () => Number(await b.evaluate("globalThis.pageReads"));
    await b.click("#message-copy");
    // Copying is asynchronous: wait for the page to report it.
    await b.locator("#notice", { hasText: "clears the clipboard after 1 s" }).waitFor();
    assert.equal(await clipboard(), "the vault code is 4711");
    await until("the clipboard to be cleared", async () => await clipboard() === "");

    // Something the user copied meanwhile is left alone: once the page's clear has read the
    // clipboard (and found the user's text), the text must still be there.
    const readsBefore = await pageReads();
    await b.click("#message-copy");
    await until("the copy", async () => await clipboard() !== "");
    await b.evaluate(`navigator.clipboard.writeText("the user's own text")`);
    await until("the page's clear to run", async () => await pageReads() > readsBefore);
    assert.equal(await clipboard(), "the user's own text");
    await screenshot(b, "10-bob-before-idle-lock");

    // No input for longer than the idle time: the server locks, the page follows and wipes.
    await waitForView(b, "unlock");
    assert.match(await b.textContent("#notice") ?? "", /was locked/);
    assert.equal(await b.textContent("#message-text"), "");
    assert.ok(await b.locator("#message-view").isHidden());
    assert.ok(await b.locator("#nav").isHidden());
    await screenshot(b, "11-bob-idle-locked");
    const state = await alice.api("state"); // Alice's own app is unaffected
    assert.equal(state.body.profile.unlocked, true);
  } finally {
    await browser.close();
    await bob.close();
    await alice.close();
    Deno.removeSync(files, { recursive: true });
  }
});
