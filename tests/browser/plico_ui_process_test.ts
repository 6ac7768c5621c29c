import assert from "node:assert/strict";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { plicoArgv, tempDir } from "../support/run_plico.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { waitForView } from "./ui_servers.ts";

/** Longest wait for the program to print its link, in ms. */
const START_TIMEOUT_MS = 60_000;

/** Reads stdout until the launch URL appears. */
async function launchUrl(stdout: ReadableStream<Uint8Array>, stderr: Promise<string>) {
  const reader = stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const timer = setTimeout(() => reader.cancel(), START_TIMEOUT_MS);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
      const match = /^ {4}(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43})$/m.exec(text);
      if (match) return { url: match[1]!, text, rest: reader };
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(
    `'plico ui' printed no link (is uiCommand registered in adapters/cli/commands/index.ts?)\n` +
      `stdout: ${text}\nstderr: ${await stderr}`,
  );
}

Deno.test("'plico ui' under the shipped permission set serves the UI on 127.0.0.1 until Ctrl-C", async () => {
  const tmp = tempDir();
  const browser = await launchBrowser();
  const child = new Deno.Command(Deno.execPath(), {
    args: plicoArgv(["ui", "--profile", `${tmp.path}/profile`, "--lock-after", "1"]),
    cwd: REPO_ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: tmp.path,
      NO_COLOR: "1",
      DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let exited = false;
  try {
    const { url, text, rest } = await launchUrl(child.stdout, stderr);
    assert.match(text, /Open this link in your browser on this computer \(it works once\)/);
    const page = await browser.newPage();
    await page.goto(url);
    await waitForView(page, "create");
    assert.equal(await page.evaluate(() => location.hash), "");
    await page.fill("#create-passphrase", TEST_PASSPHRASE);
    await page.fill("#create-repeat", TEST_PASSPHRASE);
    await page.check("#create-consent");
    await page.click("#create-form button[type=submit]");
    await waitForView(page, "sessions");
    await screenshot(page, "30-plico-ui-process");

    // The link was single-use: a second browser gets no session from it.
    const other = await browser.newPage();
    await other.goto(url);
    await waitForView(other, "connect");
    // The alert is filled after the view shows: wait for its text rather than read it at once.
    await other.locator("#alert", { hasText: /already used/ }).waitFor();

    child.kill("SIGINT");
    const status = await child.status;
    exited = true;
    assert.equal(status.code, 0, await stderr);
    assert.match(await stderr, /Plico UI stopped; the profile is locked/);
    // The page notices by itself: a locked, disconnected state, nothing shown any more.
    await page.locator("#connect-stopped").waitFor({ state: "visible" });
    assert.ok(await page.locator("#nav").isHidden());
    assert.ok(await page.locator("#view-sessions").isHidden());
    await screenshot(page, "31-plico-ui-stopped");
    await rest.cancel();
  } finally {
    if (!exited) {
      child.kill("SIGKILL");
      await child.status;
    }
    await browser.close();
    tmp.remove();
  }
});
