import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { LANGUAGES } from "../../adapters/ui-web/message_catalog.ts";
import { BROWSER_ACTION_TIMEOUT_MS, launchBrowser, screenshot } from "../support/browser.ts";
import { TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { axeViolations } from "./axe.ts";
import { createProfileInPage, download, go, startUi, until, waitForView } from "./ui_servers.ts";

/** Views shown by the main pages, in screenshot order. */
const MAIN_VIEWS = [
  "sessions",
  "new",
  "answer",
  "finish",
  "compose",
  "open",
  "carrier",
  "profile",
  "settings",
];

Deno.test("the whole exchange runs right to left in Arabic; every view in every language is screenshotted, and axe finds no violation on any view, light or dark", async (t) => {
  const files = Deno.makeTempDirSync({ prefix: "plico-ui-files-" });
  const alice = startUi();
  const bob = startUi();
  const fresh = startUi();
  const { browser, close } = await launchBrowser();
  const newPage = async (locale: string): Promise<Page> => {
    const context = await browser.newContext({ acceptDownloads: true, locale });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    return await context.newPage();
  };
  try {
    const a = await newPage("ar");
    const b = await newPage("ar");
    const errors: string[] = [];
    for (const p of [a, b]) p.on("pageerror", (e) => errors.push(e.message));
    let code = "";

    await t.step(
      "two people in Arabic: setup, safety code, seal and open, right to left",
      async () => {
        await createProfileInPage(a, alice);
        await createProfileInPage(b, bob);
        assert.equal(await a.evaluate("document.documentElement.dir"), "rtl");
        assert.equal(await a.evaluate("document.documentElement.lang"), "ar");
        assert.equal(await a.textContent("#view-sessions h1"), "الجلسات");
        await go(a, "new");
        await a.fill("#new-label", "بوب");
        const initiator = await download(a, files, () => a.click("#new-form button[type=submit]"));
        await go(b, "answer");
        await b.setInputFiles("#answer-file", initiator.path);
        await b.fill("#answer-label", "أليس");
        const responder = await download(
          b,
          files,
          () => b.click("#answer-form button[type=submit]"),
        );
        await waitForView(b, "confirm");
        code = (await b.textContent("#confirm-code"))!;
        await go(a, "finish");
        await a.setInputFiles("#finish-file", responder.path);
        await a.click("#finish-form button[type=submit]");
        await waitForView(a, "confirm");
        // Each side types the code the other reads aloud (PROTOCOL-handshake §10).
        const aliceCode = (await a.textContent("#confirm-code"))!;
        await a.fill("#confirm-input", code);
        await a.click("#confirm-form button[type=submit]");
        await waitForView(a, "sessions");
        await b.fill("#confirm-input", aliceCode);
        await b.click("#confirm-form button[type=submit]");
        await waitForView(b, "sessions");
        await screenshot(b, "rtl-01-sessions");

        await go(a, "compose");
        await until(a, "document.getElementById('compose-to').value === 'بوب'");
        await a.fill("#compose-text", "مرحبا بوب، هذه رسالة مختومة.");
        const envelope = await download(
          a,
          files,
          () => a.click("#compose-form button[type=submit]"),
        );
        await screenshot(a, "rtl-02-sealed");
        await go(b, "open");
        await b.setInputFiles("#open-file", envelope.path);
        await b.click("#open-form button[type=submit]");
        await b.locator("#message-text", { hasText: "مرحبا بوب" }).waitFor();
        assert.equal(await b.textContent("#message-heading"), "من «أليس»");
        // Right to left for real: the heading starts at the right edge of the page.
        const width = await b.evaluate("document.documentElement.clientWidth") as number;
        const box = (await b.locator("#view-open h1").boundingBox())!;
        assert.ok(box.x + box.width > width * 0.75, `heading at ${box.x}+${box.width} of ${width}`);
        await screenshot(b, "rtl-03-opened");
      },
    );

    // A second session left unconfirmed keeps the safety-code screen reachable.
    const pending = "كارول";
    await t.step("a session left at the safety code", async () => {
      await go(a, "new");
      await a.fill("#new-label", pending);
      const init = await download(a, files, () => a.click("#new-form button[type=submit]"));
      await go(b, "answer");
      await b.setInputFiles("#answer-file", init.path);
      await b.fill("#answer-label", pending);
      await download(b, files, () => b.click("#answer-form button[type=submit]"));
      await waitForView(b, "confirm");
    });

    const c = await newPage("en"); // no launch token, no cookie: the "connect" screen
    const f = await newPage("en"); // a profile directory with no profile yet
    await c.goto(`${fresh.origin}/`);
    await waitForView(c, "connect");
    await f.goto(fresh.server.url);
    await waitForView(f, "create");

    /** Brings `view` on screen (in the page's current language) and returns its page. */
    const show = async (view: string): Promise<Page> => {
      if (view === "connect") return c;
      if (view === "create") return f;
      if (view === "unlock") {
        await b.click("#lock-now");
        await waitForView(b, "unlock");
        return b;
      }
      if (await b.locator("#view-unlock").isVisible()) {
        await b.fill("#unlock-passphrase", TEST_PASSPHRASE);
        await b.click("#unlock-form button[type=submit]");
        await waitForView(b, "sessions");
      }
      if (view === "confirm") {
        await go(b, "sessions");
        await b.locator(`#session-rows tr[data-label='${pending}'] td button`).first().click();
        await waitForView(b, "confirm");
        return b;
      }
      if (view === "open") {
        await go(a, "compose");
        await until(a, "document.getElementById('compose-to').value !== ''");
        await a.fill("#compose-text", "one more");
        const sealed = await download(a, files, () => a.click("#compose-form button[type=submit]"));
        await go(b, "open");
        await b.setInputFiles("#open-file", sealed.path);
        await b.click("#open-form button[type=submit]");
        await b.locator("#message-view").waitFor();
        return b;
      }
      await go(b, view);
      if (view === "sessions") await b.locator("#session-rows tr").first().waitFor();
      return b;
    };
    const allViews = ["connect", "create", "unlock", ...MAIN_VIEWS, "confirm"];

    const setLanguage = async (lang: string) => {
      for (const p of [b, c, f]) {
        if ((await p.evaluate("document.documentElement.lang")) === lang) continue;
        await p.selectOption("#language", lang);
        await until(p, `document.documentElement.lang === ${JSON.stringify(lang)}`);
      }
    };

    await t.step("the axe harness does find a violation when there is one", async () => {
      await c.evaluate(`document.querySelector("main").append(Object.assign(
        document.createElement("img"), { id: "planted", src: "/favicon.svg" }))`);
      const planted = await axeViolations(c);
      assert.ok(planted.some((v) => v.id === "image-alt" && v.targets.includes("#planted")));
      await c.evaluate(`document.getElementById("planted").remove()`);
    });

    for (const lang of ["en", "ar"]) {
      await t.step(`axe finds no violation on any view in ${lang}, light and dark`, async () => {
        await setLanguage(lang);
        const found: string[] = [];
        for (const view of allViews) {
          const page = await show(view);
          for (const scheme of ["light", "dark"] as const) {
            await page.emulateMedia({ colorScheme: scheme });
            for (const v of await axeViolations(page)) {
              found.push(
                `${view} ${scheme}: ${v.id} (${v.impact}) ${v.help}: ${v.targets.join(", ")}`,
              );
            }
          }
          await page.emulateMedia({ colorScheme: "light" });
        }
        assert.deepEqual(found, []);
      });
    }

    await t.step("a screenshot of every view in every language", async () => {
      for (const { tag } of LANGUAGES) {
        await setLanguage(tag);
        let n = 0;
        for (const view of allViews) {
          const page = await show(view);
          assert.equal(await page.evaluate("document.documentElement.lang"), tag);
          await screenshot(page, `views-${tag}-${String(++n).padStart(2, "0")}-${view}`);
        }
      }
    });
    assert.deepEqual(errors, []);
  } finally {
    await close();
    await Promise.all([alice.close(), bob.close(), fresh.close()]);
    Deno.removeSync(files, { recursive: true });
  }
});
