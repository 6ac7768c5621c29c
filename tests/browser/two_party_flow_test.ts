import assert from "node:assert/strict";
import { join } from "node:path";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { NEUTRAL_NAME_PATTERN } from "../../adapters/ui-web/download_name.ts";
import {
  createProfileInPage,
  download,
  go,
  startUi,
  waitForView,
  watchDownloads,
} from "./ui_servers.ts";

/** A 1×1 PNG, for the attachment preview. */
const PIXEL_PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);
const XSS_LABEL = `<img src=x onerror="window.__xss=1">`;
const MESSAGE = `Hello Bob <script>window.__xss=2</script> see https://example.org`;

Deno.test("two people set up a session, confirm the code, seal, open once and lock in Chromium", async (t) => {
  const files = Deno.makeTempDirSync({ prefix: "plico-ui-files-" });
  const alice = startUi();
  const bob = startUi();
  const browser = await launchBrowser();
  try {
    const a = await browser.newPage();
    const b = await browser.newPage();
    const errors: string[] = [];
    for (const p of [a, b]) p.on("pageerror", (e) => errors.push(e.message));
    const downloads = [a, b].map(watchDownloads);

    await t.step("both create passphrase-only profiles", async () => {
      await createProfileInPage(a, alice);
      await createProfileInPage(b, bob);
      assert.match(await a.textContent("#notice") ?? "", /created/);
      await screenshot(a, "01-sessions-empty");
    });

    let initiator = "";
    await t.step("Alice starts a session and downloads the initiator file", async () => {
      await go(a, "new");
      await a.fill("#new-label", "Bob");
      const got = await download(a, files, () => a.click("#new-form button[type=submit]"));
      assert.match(got.name, NEUTRAL_NAME_PATTERN);
      assert.ok(got.name.endsWith(".bin"));
      initiator = got.path;
      assert.match(await a.textContent("#new-result") ?? "", /Session “Bob” started/);
      await screenshot(a, "02-initiator-downloaded");
    });

    let responder = "";
    let code = "";
    await t.step("Bob answers it under a hostile label and sees the safety code", async () => {
      await go(b, "answer");
      await b.setInputFiles("#answer-file", initiator);
      await b.fill("#answer-label", XSS_LABEL);
      const got = await download(b, files, () => b.click("#answer-form button[type=submit]"));
      responder = got.path;
      await waitForView(b, "confirm");
      code = (await b.textContent("#confirm-code"))!;
      assert.match(code, /^\d{5}( \d{5}){5}$/);
      assert.equal(await b.textContent("#confirm-heading"), `Safety code for “${XSS_LABEL}”`);
      assert.match(await b.textContent("#confirm-notes") ?? "", /new to this profile/);
      assert.equal(await b.locator("main img").count(), 0);
      assert.equal(await b.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
      await screenshot(b, "03-bob-safety-code");
    });

    let aliceCode = "";
    await t.step(
      "Alice finishes, types her own code, mistypes Bob's once, then types it right",
      async () => {
        await go(a, "finish");
        await a.setInputFiles("#finish-file", responder);
        await a.click("#finish-form button[type=submit]");
        await waitForView(a, "confirm");
        // Each side sees only the code it reads aloud (PROTOCOL-handshake §10).
        aliceCode = (await a.textContent("#confirm-code"))!;
        assert.match(aliceCode, /^\d{5}( \d{5}){5}$/);
        assert.notEqual(aliceCode, code);
        assert.ok(!(await a.content()).includes(code));
        await a.fill("#confirm-input", aliceCode);
        await a.click("#confirm-form button[type=submit]");
        await a.locator("#alert[data-code='session.own_code']").waitFor();
        assert.match(await a.textContent("#alert") ?? "", /that is your own code/i);
        assert.match(await a.textContent("#confirm-attempts") ?? "", /^5 attempt/);
        const wrong = code.replace(/^./, (d) => String((Number(d) + 1) % 10));
        await a.fill("#confirm-input", wrong);
        await a.click("#confirm-form button[type=submit]");
        await a.locator("#alert[data-code='session.bad_code']").waitFor();
        assert.match(await a.textContent("#alert") ?? "", /does not match.*4 attempt/);
        assert.match(await a.textContent("#confirm-attempts") ?? "", /^4 attempt/);
        await screenshot(a, "04-alice-wrong-code");
        await a.fill("#confirm-input", code.replaceAll(" ", ""));
        await a.click("#confirm-form button[type=submit]");
        await waitForView(a, "sessions");
        assert.match(await a.textContent("#notice") ?? "", /session with “Bob” is active/);
        assert.equal(await a.textContent("#session-rows tr[data-label='Bob'] td"), "Active");
        // Once confirmed, both codes can be shown again, to re-check them later.
        const row = a.locator("#session-rows tr[data-label='Bob']");
        await row.locator("button", { hasText: "Details" }).click();
        await a.click("#detail-show-code");
        await a.locator("#detail-downloads .code").nth(1).waitFor();
        const shown = await a.locator("#detail-downloads .code").allTextContents();
        assert.deepEqual(shown, [aliceCode, code]);
        await screenshot(a, "05-alice-active");
      },
    );

    await t.step("Bob types the code Alice reads and the session becomes active", async () => {
      await b.fill("#confirm-input", aliceCode);
      await b.click("#confirm-form button[type=submit]");
      await waitForView(b, "sessions");
      assert.equal(await b.locator("#session-rows th").textContent(), XSS_LABEL);
    });

    let envelope = "";
    const attachment = join(files, "pixel.png");
    Deno.writeFileSync(attachment, PIXEL_PNG);
    await t.step(
      "Alice writes a message with an attachment and downloads the envelope",
      async () => {
        await go(a, "compose");
        await a.selectOption("#compose-to", "Bob");
        await a.fill("#compose-text", MESSAGE);
        await a.setInputFiles("#compose-files", attachment);
        const got = await download(a, files, () => a.click("#compose-form button[type=submit]"));
        assert.match(got.name, NEUTRAL_NAME_PATTERN);
        envelope = got.path;
        assert.equal(await a.inputValue("#compose-text"), "");
        await screenshot(a, "06-alice-sealed");
      },
    );

    await t.step("Bob opens it once: text inert, image previewed, attachment saved", async () => {
      await go(b, "open");
      await b.setInputFiles("#open-file", envelope);
      await b.click("#open-form button[type=submit]");
      await b.locator("#message-view").waitFor({ state: "visible" });
      assert.equal(await b.textContent("#message-text"), MESSAGE);
      assert.equal(await b.locator("#message-text *").count(), 0); // no element: text only
      assert.equal(await b.locator("#message-view a").count(), 0); // links stay inert text
      assert.equal(await b.textContent("#message-heading"), `From “${XSS_LABEL}”`);
      const preview = b.locator("#message-attachments img");
      await preview.waitFor();
      assert.match(await preview.getAttribute("src") ?? "", /^blob:http:\/\/127\.0\.0\.1:/);
      assert.equal(
        await preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        1,
      );
      const saved = await download(b, files, () => b.click("#message-attachments button"));
      assert.equal(saved.name, "pixel.png");
      assert.deepEqual(Deno.readFileSync(saved.path), PIXEL_PNG);
      assert.equal(await b.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
      await screenshot(b, "07-bob-message");
    });

    await t.step("opening the same envelope again is refused", async () => {
      await go(b, "sessions");
      await go(b, "open");
      assert.ok(await b.locator("#message-view").isHidden()); // leaving the message dropped it
      await b.setInputFiles("#open-file", envelope);
      await b.click("#open-form button[type=submit]");
      await b.locator("#alert[data-code='envelope.already_opened']").waitFor();
      assert.match(await b.textContent("#alert") ?? "", /already opened on this device/);
      await screenshot(b, "08-bob-second-open-refused");
    });

    await t.step("lock now wipes the page and the server refuses until unlocked", async () => {
      await go(b, "sessions");
      await b.click("#lock-now");
      await waitForView(b, "unlock");
      assert.ok(await b.locator("#nav").isHidden());
      assert.equal(await b.locator("#session-rows tr").count(), 0);
      assert.equal(await b.textContent("#message-text"), "");
      const status = await b.evaluate(async () => {
        const r = await fetch("/api/sessions/list", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        });
        return r.status;
      });
      assert.equal(status, 403); // without the CSRF token held by the page's module: refused
      await screenshot(b, "09-bob-locked");
    });

    await t.step("every file Plico wrote has a neutral random name", () => {
      // Only the attachment keeps a name: the one its sender gave it.
      const all = downloads.flat();
      assert.ok(all.length >= 4, all.join(", "));
      for (const name of all.filter((n) => n !== "pixel.png")) {
        assert.match(name, NEUTRAL_NAME_PATTERN);
        assert.doesNotMatch(name, /plico|bob|alice|img|20\d\d/i);
      }
      assert.equal(new Set(all).size, all.length);
    });

    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await Promise.all([alice.close(), bob.close()]);
    Deno.removeSync(files, { recursive: true });
  }
});
