/**
 * Showing files and safety codes as QR codes in the page (PROTOCOL-qr): every code on screen is
 * read back from a screenshot with the same reader `plico qr --read` uses, and the parts
 * reassemble to exactly the file the page offers for download; axe finds nothing in the dialog,
 * light or dark.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { decodePng } from "../../adapters/carrier/png/png_decoder.ts";
import { readQrFromRaster } from "../../adapters/qr/qr_reader.ts";
import { QrCollector } from "../../domain/qr/mod.ts";
import { BROWSER_ACTION_TIMEOUT_MS, launchBrowser, screenshot } from "../support/browser.ts";
import { axeViolations } from "./axe.ts";
import { createProfileInPage, download, go, startUi, until, waitForView } from "./ui_servers.ts";

/** Reads every code of the open dialog (Next after each) and reassembles what they carry. */
async function readDialog(page: Page): Promise<{ payload: Uint8Array; count: number }> {
  const count = Number(/ of (\d+)$/.exec((await page.textContent("#qr-count"))!)![1]);
  const collector = new QrCollector();
  for (let i = 1; i <= count; i++) {
    await until(
      page,
      `document.getElementById('qr-count').textContent === 'Code ${i} of ${count}'`,
    );
    const png = await page.locator("#qr-code").screenshot();
    collector.add(readQrFromRaster(await decodePng(new Uint8Array(png))));
    if (i < count) await page.click("#qr-next");
  }
  return { payload: collector.assemble(), count };
}

Deno.test("setup files and safety codes shown as QR codes read back to exactly their bytes", async (t) => {
  const files = Deno.makeTempDirSync({ prefix: "plico-ui-qr-" });
  const alice = startUi();
  const bob = startUi();
  const { browser, close } = await launchBrowser({
    extraArgs: ["--use-fake-ui-for-media-stream"],
  });
  try {
    const pageFor = async () => {
      const context = await browser.newContext({ acceptDownloads: true, locale: "en" });
      context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
      // The camera may be used, but this browser has none.
      await context.grantPermissions(["camera"]);
      const page = await context.newPage();
      await page.setViewportSize({ width: 1100, height: 900 });
      return page;
    };
    const a = await pageFor();
    const b = await pageFor();
    const errors: string[] = [];
    for (const p of [a, b]) p.on("pageerror", (e) => errors.push(e.message));
    await createProfileInPage(a, alice);
    await createProfileInPage(b, bob);
    let initiatorPath = "";

    await t.step("the initiator file: four codes, by Next, equal to the download", async () => {
      await go(a, "new");
      await a.fill("#new-label", "Bob");
      const initiator = await download(a, files, () => a.click("#new-form button[type=submit]"));
      initiatorPath = initiator.path;
      await a.click("#new-result .qr-open");
      await a.locator("#qr-dialog").waitFor({ state: "visible" });
      await screenshot(a, "qr-01-initiator-code");
      const { payload, count } = await readDialog(a);
      assert.equal(count, 4);
      assert.deepEqual(payload, Deno.readFileSync(initiator.path));
      // From the last code, Next (and a click on the code) wraps around to the first.
      await a.click("#qr-code");
      await until(a, "document.getElementById('qr-count').textContent === 'Code 1 of 4'");
      await a.keyboard.press("ArrowLeft");
      await until(a, "document.getElementById('qr-count').textContent === 'Code 4 of 4'");
    });

    await t.step("axe finds no violation in the dialog, light and dark", async () => {
      for (const scheme of ["light", "dark"] as const) {
        await a.emulateMedia({ colorScheme: scheme });
        const found = await axeViolations(a);
        assert.deepEqual(found, [], `${scheme}: ${JSON.stringify(found, null, 1)}`);
        // The code itself stays black on white in both themes.
        assert.equal(
          await a.evaluate("getComputedStyle(document.getElementById('qr-code')).backgroundColor"),
          "rgb(255, 255, 255)",
        );
      }
      await screenshot(a, "qr-02-dark");
      await a.emulateMedia({ colorScheme: "light" });
    });

    await t.step(
      "the scanner without a camera says so; axe finds nothing in it either",
      async () => {
        await a.click("#qr-close");
        await go(a, "answer");
        await a.click("#view-answer button[data-scan]");
        await a.locator("#qr-scan-status", { hasText: "No camera can be used" }).waitFor();
        for (const scheme of ["light", "dark"] as const) {
          await a.emulateMedia({ colorScheme: scheme });
          const found = await axeViolations(a);
          assert.deepEqual(found, [], `${scheme}: ${JSON.stringify(found, null, 1)}`);
        }
        await a.emulateMedia({ colorScheme: "light" });
        await a.click("#qr-scan-cancel");
        await a.locator("#qr-scan-dialog").waitFor({ state: "hidden" });
        assert.equal(await a.evaluate("document.getElementById('answer-file').files.length"), 0);
        await go(a, "new");
        await a.click("#new-result .qr-open");
        await a.locator("#qr-dialog").waitFor({ state: "visible" });
      },
    );

    await t.step("advancing by itself moves on without a click; Close ends it", async () => {
      await a.check("#qr-auto");
      await until(a, "document.getElementById('qr-count').textContent === 'Code 2 of 4'");
      await a.click("#qr-close");
      await a.locator("#qr-dialog").waitFor({ state: "hidden" });
      assert.equal(await a.locator("#qr-code svg").count(), 0, "the codes are dropped on close");
    });

    await t.step("the responder's side: the reply file and the safety code as codes", async () => {
      await go(b, "answer");
      await b.setInputFiles("#answer-file", initiatorPath);
      await b.fill("#answer-label", "Alice");
      const responder = await download(b, files, () => b.click("#answer-form button[type=submit]"));
      await waitForView(b, "confirm");
      await b.click("#confirm-download .qr-open");
      await b.locator("#qr-dialog").waitFor({ state: "visible" });
      const reply = await readDialog(b);
      assert.equal(reply.count, 7);
      assert.deepEqual(reply.payload, Deno.readFileSync(responder.path));
      await b.click("#qr-close");

      await b.click("#confirm-code-qr");
      await b.locator("#qr-dialog").waitFor({ state: "visible" });
      await screenshot(b, "qr-03-safety-code");
      const code = await readDialog(b);
      assert.equal(code.count, 1);
      assert.equal(new TextDecoder().decode(code.payload), await b.textContent("#confirm-code"));
      assert.ok(await b.isDisabled("#qr-next"), "one code: nothing to advance to");
      await b.click("#qr-close");
    });

    await t.step("a short envelope as codes; locking drops an open dialog", async () => {
      const responder = [...Deno.readDirSync(files)].map((e) => `${files}/${e.name}`)
        .find((path) => path !== initiatorPath)!;
      await go(a, "finish");
      await a.setInputFiles("#finish-file", responder);
      await a.click("#finish-form button[type=submit]");
      await waitForView(a, "confirm");
      const aliceCode = (await a.textContent("#confirm-code"))!;
      await a.fill("#confirm-input", (await b.textContent("#confirm-code"))!);
      await a.click("#confirm-form button[type=submit]");
      await waitForView(a, "sessions");
      await b.fill("#confirm-input", aliceCode);
      await b.click("#confirm-form button[type=submit]");
      await waitForView(b, "sessions");

      await go(a, "compose");
      await until(a, "document.getElementById('compose-to').value === 'Bob'");
      await a.fill("#compose-text", "Meet at the north entrance at ten.");
      const envelope = await download(a, files, () => a.click("#compose-form button[type=submit]"));
      await a.click("#compose-result .qr-open");
      await a.locator("#qr-dialog").waitFor({ state: "visible" });
      const sealed = await readDialog(a);
      assert.deepEqual(sealed.payload, Deno.readFileSync(envelope.path));

      await a.click("#qr-prev");
      // The modal dialog keeps the page's own buttons out of reach; a lock comes from the idle
      // timer or another tab, which this stands for.
      await a.evaluate("document.getElementById('lock-now').click()");
      await waitForView(a, "unlock");
      await a.locator("#qr-dialog").waitFor({ state: "hidden" });
      assert.equal(await a.locator("#qr-code svg").count(), 0);
      assert.deepEqual(errors, []);
    });
  } finally {
    await close();
    await alice.close();
    await bob.close();
    Deno.removeSync(files, { recursive: true });
  }
});
