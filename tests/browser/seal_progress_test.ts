import assert from "node:assert/strict";
import { screenshot } from "../support/browser.ts";
import { holdSealAt } from "../support/held_sink.ts";
import {
  createProfileInPage,
  download,
  go,
  pairWithPage,
  watchDownloads,
  withTwoParties,
} from "./ui_servers.ts";

const MiB = 1024 * 1024;
/** A large attachment: well past anything a page could seal in one blink. */
const LARGE_BYTES = 48 * MiB;

function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/** Polls `check` with a generous bound; the bound only turns a hang into a failure. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("sealing a large file shows the server's progress in MiB; Cancel mid-seal stops it, downloads nothing and leaves no file; the download shows its own progress", async () => {
  const temp = Deno.makeTempDirSync({ prefix: "plico-ui-temp-" });
  // The first seal waits after 16 MiB until the test lets it go: the page's progress and
  // Cancel happen while it is certainly in the middle of the body, whatever the machine's load.
  const held = holdSealAt(16 * MiB);
  try {
    await withTwoParties(
      { tempDir: temp, observe: true, sealSink: held.sealSink },
      async ({ alice, bob, page: b, errors, files }) => {
        try {
          await createProfileInPage(b, bob);
          await pairWithPage(alice, b, files);
          const downloads = watchDownloads(b);
          const large = `${files}/large.bin`;
          Deno.writeFileSync(large, new Uint8Array(LARGE_BYTES).fill(9));

          await go(b, "compose");
          await b.setInputFiles("#compose-files", large);
          await b.fill("#compose-text", "a large one");
          await b.click("#compose-form button[type=submit]");
          await held.reached;
          await b.locator("#compose-progress-text", {
            hasText: /^Sealing: [0-9.,]+ MiB of [0-9.,]+ MiB/,
          })
            .waitFor();
          assert.equal(await b.textContent("#compose-form button[type=submit]"), "Sealing…");
          await screenshot(b, "progress-02-sealing");

          await b.click("#compose-cancel");
          await b.locator("#notice", { hasText: "Cancelled" }).waitFor();
          await eventually(
            "the server to get the cancel",
            () => bob.seen.some((r) => r.path === "/api/progress/cancel" && r.status === 200),
          );
          held.release();
          // The seal stopped (it did not run to the end and then get thrown away) …
          await eventually(
            "the seal to stop",
            () => bob.seen.some((r) => r.path === "/api/envelopes/seal"),
          );
          const stopped = bob.seen.find((r) => r.path === "/api/envelopes/seal")!;
          assert.equal(stopped.status, 503);
          // … and left nothing: no partial envelope on the server, no download in the browser.
          await eventually("the temporary files to go", () => filesUnder(temp).length === 0);
          assert.deepEqual(downloads, []);
          assert.equal(await b.inputValue("#compose-text"), "a large one");

          // Sealing again works and is downloaded whole.
          const got = await download(b, files, () => b.click("#compose-form button[type=submit]"));
          assert.ok(Deno.statSync(got.path).size > LARGE_BYTES);
          const opened = await alice.request("/api/envelopes/open", {
            body: Deno.readFileSync(got.path),
            headers: { "content-type": "application/octet-stream" },
          });
          assert.equal((await opened.json()).text, "a large one");

          // The sealed message left the form. The download of the result has its own progress: held to a slow pace by the browser's
          // network emulation, so the page certainly shows it (a loaded machine only makes it slower).
          const cdp = await b.context().newCDPSession(b);
          await cdp.send("Network.enable");
          await cdp.send("Network.emulateNetworkConditions", {
            offline: false,
            latency: 0,
            downloadThroughput: 512 * 1024,
            uploadThroughput: -1,
          });
          const small = `${files}/small.bin`;
          Deno.writeFileSync(small, new Uint8Array(3 * MiB).fill(5));
          await b.setInputFiles("#compose-files", small);
          await b.fill("#compose-text", "a small one");
          await download(b, files, async () => {
            await b.click("#compose-form button[type=submit]");
            await b.locator("#compose-progress-text", {
              hasText: /^Downloading: [0-9.,]+ (KiB|MiB) of [0-9.,]+ MiB, [0-9.,]+ (B|KiB|MiB)\/s$/,
            }).waitFor();
            await screenshot(b, "progress-03-downloading");
          });
          assert.deepEqual(errors, []);
        } finally {
          held.release(); // first, as before: the browser and the UI close after it
        }
      },
    );
  } finally {
    Deno.removeSync(temp, { recursive: true });
  }
});
