/**
 * The air gap for real (issue 18): two profiles set up a session, compare safety codes and
 * exchange an envelope without moving a single file. Each page shows QR codes; the test turns
 * screenshots of them into a video for the other browser's fake camera
 * (`--use-file-for-fake-video-capture`), and that page's scanner reads them. Bad input through
 * the camera — a foreign QR code (small or larger than any part), a part of another sequence, a
 * damaged part — gets a clear message and changes nothing.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { decodePng } from "../../adapters/carrier/png/png_decoder.ts";
import { lumaPlane } from "../../adapters/qr/qr_reader.ts";
import { qrModules, qrRaster } from "../../adapters/qr/qr_symbol.ts";
import { concat, u32be } from "../../domain/bytes.ts";
import { crc32 } from "../../domain/crc32.ts";
import { encodeSequence } from "../../domain/qr/mod.ts";
import { BROWSER_ACTION_TIMEOUT_MS, launchBrowser, screenshot } from "../support/browser.ts";
import { type GreyImage, writeY4m } from "../support/y4m.ts";
import { axeViolations } from "./axe.ts";
import { createProfileInPage, go, startUi, until, waitForView } from "./ui_servers.ts";

/** A generous bound for the scanner to read a looping video of a few codes. */
const SCAN_MS = 120_000;

async function greyOfPng(png: Uint8Array): Promise<GreyImage> {
  const raster = await decodePng(png);
  return {
    width: raster.width,
    height: raster.height,
    luma: lumaPlane(raster).subarray(0, raster.width * raster.height),
  };
}

/** A code drawn by the test itself (for codes no page would show). */
function codeImage(bytes: Uint8Array): GreyImage {
  const { width, height, grey } = qrRaster(qrModules(bytes), 4);
  return { width, height, luma: grey };
}

/** Screenshots of every code of the open QR dialog, then closes it. */
async function screenCodes(page: Page): Promise<GreyImage[]> {
  await page.locator("#qr-dialog").waitFor({ state: "visible" });
  await until(page, "/ of \\d+$/.test(document.getElementById('qr-count').textContent)");
  const count = Number(/ of (\d+)$/.exec((await page.textContent("#qr-count"))!)![1]);
  const images: GreyImage[] = [];
  for (let i = 1; i <= count; i++) {
    await until(
      page,
      `document.getElementById('qr-count').textContent === 'Code ${i} of ${count}'`,
    );
    images.push(await greyOfPng(new Uint8Array(await page.locator("#qr-code").screenshot())));
    if (count > 1) await page.click("#qr-next");
  }
  await page.click("#qr-close");
  return images;
}

/** Polls `test` (a condition on the test's side) with a generous bound. */
async function waitFor(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + SCAN_MS;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens the scanner with `button` after putting `images` in front of the page's camera. */
async function scan(page: Page, video: string, images: GreyImage[], button: string) {
  writeY4m(video, images);
  await page.click(button);
  await page.locator("#qr-scan-dialog").waitFor({ state: "visible" });
}

/** Waits until the scanner has closed with the file handed over. */
async function scanned(page: Page): Promise<void> {
  await page.locator("#qr-scan-dialog").waitFor({ state: "hidden", timeout: SCAN_MS });
}

Deno.test("a whole session setup and an envelope through screens and cameras only; bad codes change nothing", async (t) => {
  const dir = Deno.makeTempDirSync({ prefix: "plico-air-gap-" });
  const videoA = join(dir, "camera-a.y4m");
  const videoB = join(dir, "camera-b.y4m");
  // Chromium opens the file when a page starts the camera, so each scan can get a new video.
  const blank = [{ width: 1, height: 1, luma: Uint8Array.of(200) }];
  writeY4m(videoA, blank, 1);
  writeY4m(videoB, blank, 1);
  const alice = startUi();
  const bob = startUi();
  const camera = (video: string) => [
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${video}`,
    "--use-fake-ui-for-media-stream",
  ];
  const browserA = await launchBrowser({ extraArgs: camera(videoA) });
  const browserB = await launchBrowser({ extraArgs: camera(videoB) });
  try {
    const pageOf = async (browser: typeof browserA) => {
      const context = await browser.browser.newContext({ locale: "en", acceptDownloads: true });
      await context.grantPermissions(["camera"]);
      context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
      const page = await context.newPage();
      await page.setViewportSize({ width: 1100, height: 900 });
      return page;
    };
    const a = await pageOf(browserA);
    const b = await pageOf(browserB);
    const errors: string[] = [];
    for (const p of [a, b]) p.on("pageerror", (e) => errors.push(e.message));
    await createProfileInPage(a, alice);
    await createProfileInPage(b, bob);
    // Nothing asked for the camera before a scanner was opened.
    for (const p of [a, b]) {
      assert.equal(await p.evaluate("document.getElementById('qr-scan-video').srcObject"), null);
    }

    await t.step("session setup: Alice's initiator codes → Bob's camera → Answer", async () => {
      await go(a, "new");
      await a.fill("#new-label", "Bob");
      await a.click("#new-form button[type=submit]");
      await a.click("#new-result .qr-open");
      const initiator = await screenCodes(a);
      assert.equal(initiator.length, 4);

      await go(b, "answer");
      await scan(b, videoB, initiator, "#view-answer button[data-scan]");
      await screenshot(b, "air-gap-01-scanning");
      await scanned(b);
      await until(b, "document.getElementById('answer-file').files.length === 1");
      await b.fill("#answer-label", "Alice");
      await b.click("#answer-form button[type=submit]");
      await waitForView(b, "confirm");
    });

    await t.step("Bob's responder codes → Alice's camera → Finish", async () => {
      await b.click("#confirm-download .qr-open");
      const responder = await screenCodes(b);
      assert.equal(responder.length, 7);
      await go(a, "finish");
      await scan(a, videoA, responder, "#view-finish button[data-scan]");
      await scanned(a);
      await a.click("#finish-form button[type=submit]");
      await waitForView(a, "confirm");
    });

    await t.step("each side scans the other's safety code: confirmed as if typed", async () => {
      await a.click("#confirm-code-qr");
      const aliceCode = await screenCodes(a);
      await b.click("#confirm-code-qr");
      const bobCode = await screenCodes(b);
      assert.equal(aliceCode.length, 1);
      // A wrong code through the camera costs an attempt, exactly as a wrong code typed.
      const wrong = encodeSequence(
        new TextEncoder().encode("11111 22222 33333 44444 55555 66666"),
        Uint8Array.of(7, 7, 7, 7),
      );
      await scan(a, videoA, [codeImage(wrong[0]!)], "#view-confirm button[data-scan]");
      await a.locator("#confirm-attempts", { hasText: "4 attempts left" }).waitFor({
        timeout: SCAN_MS,
      });
      await waitForView(a, "confirm");
      await scan(a, videoA, bobCode, "#view-confirm button[data-scan]");
      await waitForView(a, "sessions");
      await scan(b, videoB, aliceCode, "#view-confirm button[data-scan]");
      await waitForView(b, "sessions");
    });

    await t.step("an envelope: Alice seals, Bob opens it from the camera", async () => {
      await go(a, "compose");
      await until(a, "document.getElementById('compose-to').value === 'Bob'");
      await a.fill("#compose-text", "Through the air: north entrance, ten o'clock.");
      await a.click("#compose-form button[type=submit]");
      await a.locator("#compose-result .qr-open").click();
      const envelope = await screenCodes(a);

      await go(b, "open");
      // First bad input: a foreign code, a part of another sequence, a damaged part.
      const refusals: number[] = [];
      b.on("response", (r) => {
        if (r.url().endsWith("/api/qr/scan") && r.status() !== 200) refusals.push(r.status());
      });
      const own = encodeSequence(
        crypto.getRandomValues(new Uint8Array(900)),
        Uint8Array.of(1, 2, 3, 4),
      );
      const other = encodeSequence(
        crypto.getRandomValues(new Uint8Array(900)),
        Uint8Array.of(5, 6, 7, 8),
      );
      const body = own[1]!.slice(0, own[1]!.length - 4);
      body[30]! ^= 0x40;
      const damaged = concat(body, u32be(crc32(body) ^ 1));
      // One good part first, then only codes that must be refused: the part of another
      // sequence and the damaged part 2 would each have filled a gap had they been taken.
      await scan(b, videoB, [
        codeImage(own[0]!),
        codeImage(other[1]!),
        codeImage(damaged),
        codeImage(new TextEncoder().encode("https://example.org/")),
        // A foreign code larger than any Plico part: refused (413) without closing the scanner.
        codeImage(new Uint8Array(520).fill(0x41)),
      ], "#view-open button[data-scan]");
      await b.locator("#qr-scan-status", { hasText: "1 of 3 codes read" }).waitFor({
        timeout: SCAN_MS,
      });
      await b.locator("#qr-scan-error", { hasText: "could not be used" }).waitFor({
        timeout: SCAN_MS,
      });
      // All four were refused by the server (each once: a refused code is not sent again),
      // and still only part 1 is held.
      await waitFor(() => refusals.length >= 4, "four refusals");
      assert.deepEqual(refusals.slice(0, 4).sort(), [413, 422, 422, 422]);
      await b.locator("#qr-scan-status", { hasText: "1 of 3 codes read" }).waitFor();
      await screenshot(b, "air-gap-02-refused");
      for (const scheme of ["light", "dark"] as const) {
        await b.emulateMedia({ colorScheme: scheme });
        const found = await axeViolations(b);
        assert.deepEqual(found, [], `${scheme}: ${JSON.stringify(found, null, 1)}`);
      }
      await b.emulateMedia({ colorScheme: "light" });
      assert.match((await b.textContent("#qr-scan-status"))!, /Missing: 2, 3\./);
      await b.click("#qr-scan-cancel");
      assert.equal(await b.evaluate("document.getElementById('open-file').files.length"), 0);

      // Then the real codes: the scanner starts afresh and reads them.
      await scan(b, videoB, envelope, "#view-open button[data-scan]");
      await scanned(b);
      await b.click("#open-form button[type=submit]");
      await b.locator("#message-text", { hasText: "north entrance" }).waitFor();
      await screenshot(b, "air-gap-03-opened");
      assert.deepEqual(errors, []);
    });
  } finally {
    await browserA.close();
    await browserB.close();
    await alice.close();
    await bob.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
