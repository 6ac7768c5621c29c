import assert from "node:assert/strict";
import { screenshot } from "../support/browser.ts";
import {
  createProfileInPage,
  download,
  dropFiles,
  pairWithPage,
  watchDownloads,
  withTwoParties,
} from "./ui_servers.ts";
import { go } from "./ui_servers.ts";

/** Upload speed the browser is held to while the Cancel button is pressed, in bytes/s. */
const SLOW_UPLOAD_BYTES_PER_S = 256 * 1024;

Deno.test("a long upload shows MiB and rate, the busy button says what it does, and Cancel leaves nothing behind", async (t) => {
  const temp = Deno.makeTempDirSync({ prefix: "plico-ui-temp-" });
  try {
    await withTwoParties(
      { tempDir: temp, observe: true },
      async ({ alice, bob, page: b, errors, files }) => {
        await createProfileInPage(b, bob);
        await pairWithPage(alice, b, files);
        const downloads = watchDownloads(b);
        const cdp = await b.context().newCDPSession(b);
        await cdp.send("Network.enable");

        await t.step("cancel in the middle of the upload", async () => {
          await cdp.send("Network.emulateNetworkConditions", {
            offline: false,
            latency: 0,
            downloadThroughput: -1,
            uploadThroughput: SLOW_UPLOAD_BYTES_PER_S,
          });
          await go(b, "compose");
          await dropFiles(b, "compose-files", [
            { name: "big.bin", bytes: new Uint8Array(4 * 1024 * 1024).fill(7) },
          ]);
          await b.fill("#compose-text", "never sent");
          await b.click("#compose-form button[type=submit]");
          await b.locator("#compose-progress-text", { hasText: /sent, .+\/s$/ }).waitFor();
          assert.equal(await b.textContent("#compose-form button[type=submit]"), "Sealing…");
          await screenshot(b, "progress-01-uploading");
          await b.click("#compose-cancel");
          await b.locator("#notice", { hasText: "Cancelled" }).waitFor();
          assert.ok(await b.locator("#compose-progress").isHidden());
          assert.ok(await b.locator("#compose-cancel").isHidden());
          // What the user chose is still there, to try again.
          assert.equal(await b.inputValue("#compose-text"), "never sent");
          assert.equal(await b.locator("#compose-list li").count(), 1);
          assert.equal(
            await b.textContent("#compose-form button[type=submit]"),
            "Seal and download the envelope",
          );
        });

        await t.step(
          "nothing was kept: no download, no file on the server, no envelope",
          async () => {
            assert.deepEqual(downloads, []);
            assert.deepEqual(
              [...Deno.readDirSync(temp)].flatMap((d) =>
                d.isDirectory ? [...Deno.readDirSync(`${temp}/${d.name}`)] : [d]
              ),
              [],
            );
            const sealRequests = bob.seen.filter((r) => r.path === "/api/envelopes/seal");
            // The aborted request never got an answer the page used; the next one works.
            await cdp.send("Network.emulateNetworkConditions", {
              offline: false,
              latency: 0,
              downloadThroughput: -1,
              uploadThroughput: -1,
            });
            const got = await download(
              b,
              files,
              () => b.click("#compose-form button[type=submit]"),
            );
            const opened = await alice.request("/api/envelopes/open", {
              body: Deno.readFileSync(got.path),
              headers: { "content-type": "application/octet-stream" },
            });
            const body = await opened.json();
            assert.equal(body.text, "never sent");
            assert.ok(
              bob.seen.filter((r) => r.path === "/api/envelopes/seal").length > sealRequests.length,
            );
          },
        );
        assert.deepEqual(errors, []);
      },
    );
  } finally {
    Deno.removeSync(temp, { recursive: true });
  }
});
