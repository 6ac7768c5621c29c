/**
 * In-process UI servers on 127.0.0.1 for the browser tests, each with its own temporary
 * profile directory and the real adapters (passphrase-only profiles: the tests have no OS
 * credential store).
 *
 * @module
 */

import type { Page } from "playwright-core";
import { createPngCarrier } from "../support/png_carrier_in_process.ts";
import { memoArgon2 } from "../support/argon2_memo.ts";
import { systemRandom } from "../../adapters/crypto/system_random.ts";
import { createApp, type UiApp } from "../../adapters/ui-web/create_app.ts";
import { serveUi, type UiServer } from "../../adapters/ui-web/serve_ui.ts";
import type { UiOptions, UiServices } from "../../adapters/ui-web/ui_services.ts";
import { depsFor, tempProfileDir, TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { UiClient } from "../adapters/ui-web/ui_client.ts";
import { launchBrowser } from "../support/browser.ts";

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly host: string | null;
  readonly origin: string | null;
  readonly fetchSite: string | null;
  readonly hadCookie: boolean;
  readonly status: number;
}

/** A running UI with its profile directory. */
export interface TestUi {
  readonly server: UiServer;
  readonly origin: string;
  /** Every request the server answered (only with `observe`). */
  readonly seen: SeenRequest[];
  /** The profile directory (for tests that damage a stored record on purpose). */
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * Starts a UI on a loopback port (random unless given) for a fresh profile directory. With
 * `observe`, the socket is opened here instead of by `serveUi` — the same app behind a
 * `Deno.serve` on 127.0.0.1 — so that every request and its answer can be recorded.
 */
export function startUi(
  options: Omit<UiOptions, "port"> & {
    port?: number;
    observe?: boolean;
    sealSink?: UiServices["sealSink"];
  } = {},
): TestUi {
  const profile = tempProfileDir();
  const crypto = memoArgon2();
  const services = {
    deps: () => depsFor(profile.dir),
    random: systemRandom,
    carrierDeps: () => ({ crypto, carrier: createPngCarrier(crypto, systemRandom) }),
    ...(options.sealSink ? { sealSink: options.sealSink } : {}),
  };
  const seen: SeenRequest[] = [];
  const server = options.observe
    ? observedServer(services, options, seen)
    : serveUi(services, options);
  return {
    server,
    origin: `http://127.0.0.1:${server.port}`,
    seen,
    dir: profile.dir,
    async close() {
      await server.shutdown();
      profile.remove();
    },
  };
}

function observedServer(
  services: UiServices,
  options: Omit<UiOptions, "port"> & { port?: number },
  seen: SeenRequest[],
): UiServer {
  let app: UiApp | null = null;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port ?? 0, onListen: () => {} },
    async (request) => {
      const response = await app!.app.fetch(request);
      const h = request.headers;
      seen.push({
        method: request.method,
        path: new URL(request.url).pathname,
        host: h.get("host"),
        origin: h.get("origin"),
        fetchSite: h.get("sec-fetch-site"),
        hadCookie: h.has("cookie"),
        status: response.status,
      });
      return response;
    },
  );
  app = createApp(services, { ...options, port: server.addr.port });
  const ui = app;
  return {
    url: ui.launchUrl,
    port: server.addr.port,
    ui,
    async shutdown() {
      await ui.close();
      await server.shutdown();
    },
  };
}

/** Waits until view `name` is the one shown. */
export async function waitForView(page: Page, name: string): Promise<void> {
  await page.locator(`#view-${name}`).waitFor({ state: "visible" });
}

/** Opens the launch URL and creates a passphrase-only profile through the page. */
export async function createProfileInPage(page: Page, ui: TestUi): Promise<void> {
  await page.goto(ui.server.url);
  await waitForView(page, "create");
  // The token left the address bar before anything else happened.
  if (page.url() !== `${ui.origin}/`) throw new Error(`token still in the URL: ${page.url()}`);
  await page.fill("#create-passphrase", TEST_PASSPHRASE);
  await page.fill("#create-repeat", TEST_PASSPHRASE);
  await page.check("#create-consent");
  await page.click("#create-form button[type=submit]");
  await waitForView(page, "sessions");
}

/** Clicks a navigation button. */
export async function go(page: Page, view: string): Promise<void> {
  await page.click(`#nav button[data-view="${view}"]`);
  await waitForView(page, view);
}

/** Runs `action` and returns the path of the download it starts (saved under `dir`). */
export async function download(page: Page, dir: string, action: () => Promise<void>) {
  const [event] = await Promise.all([page.waitForEvent("download"), action()]);
  const path = `${dir}/${event.suggestedFilename()}`;
  await event.saveAs(path);
  return { path, name: event.suggestedFilename() };
}

/**
 * Records the suggested name of every download `page` starts from now on (automatic and
 * clicked ones alike), so a test can check all of them at the end.
 */
export function watchDownloads(page: Page): string[] {
  const names: string[] = [];
  page.on("download", (d) => names.push(d.suggestedFilename()));
  return names;
}

/**
 * Sets up an active session between `alice` (a UiClient, through `app.request()`) and the
 * profile open in `page` (Bob, already unlocked): Alice's initiator file is answered in the page
 * as "Alice", the code is typed on both sides. Returns a function sealing a message from Alice
 * to Bob into a file under `dir`.
 */
export async function pairWithPage(
  alice: UiClient,
  page: Page,
  dir: string,
): Promise<(text: string, attachments?: File[]) => Promise<string>> {
  const init = await alice.api("sessions/new", { label: "Bob" });
  const initPath = `${dir}/initiator.bin`;
  Deno.writeFileSync(
    initPath,
    Uint8Array.from(atob(init.body.file.base64), (c) => c.charCodeAt(0)),
  );
  await go(page, "answer");
  await page.setInputFiles("#answer-file", initPath);
  await page.fill("#answer-label", "Alice");
  const responder = await download(page, dir, () => page.click("#answer-form button[type=submit]"));
  await waitForView(page, "confirm");
  // Each side types the code the other reads aloud (PROTOCOL-handshake §10).
  const code = (await page.textContent("#confirm-code"))!;
  const respB64 = btoa(String.fromCharCode(...Deno.readFileSync(responder.path)));
  const finished = await alice.api("sessions/finish", { file: respB64 });
  if (finished.status !== 200) throw new Error("finish failed");
  await page.fill("#confirm-input", finished.body.myCode);
  await page.click("#confirm-form button[type=submit]");
  await waitForView(page, "sessions");
  if (!(await alice.api("sessions/confirm", { label: "Bob", code })).body.confirmed) {
    throw new Error("confirm failed");
  }
  let n = 0;
  return async (text, attachments = []) => {
    const form = new FormData();
    form.append("to", "Bob");
    form.append("text", text);
    for (const f of attachments) form.append("attachment", f, f.name);
    const sealed = await alice.request("/api/envelopes/seal", { body: form });
    if (sealed.status !== 200) throw new Error(`seal failed: ${sealed.status}`);
    const path = `${dir}/envelope-${++n}.bin`;
    Deno.writeFileSync(path, new Uint8Array(await sealed.arrayBuffer()));
    return path;
  };
}

/** A file to drop into the page. */
export interface DropFile {
  readonly name: string;
  readonly type?: string;
  readonly bytes: Uint8Array;
}

/**
 * Drops `files` on the drop zone around file field `inputId`, as a drag from the desktop would
 * (a real DataTransfer made in the page, then a `drop` event on the zone).
 */
export async function dropFiles(page: Page, inputId: string, files: DropFile[]): Promise<void> {
  const plain = files.map((f) => ({
    name: f.name,
    type: f.type ?? "",
    base64: btoa(Array.from(f.bytes, (b) => String.fromCharCode(b)).join("")),
  }));
  const transfer = await page.evaluateHandle((list) => {
    type Transfer = { items: { add(file: File): void } };
    const g = globalThis as unknown as { DataTransfer: new () => Transfer };
    const t = new g.DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      t.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return t;
  }, plain);
  await page.dispatchEvent(`.drop:has(#${inputId})`, "drop", { dataTransfer: transfer });
  await transfer.dispose();
}

/**
 * Waits until `expression` (evaluated in the page) is truthy, polling from here: Playwright's
 * own waitForFunction evaluates strings with eval inside the page, which the UI's CSP forbids.
 */
export async function until(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Two people for a browser test: Alice through `app.request()`, Bob in Chromium. */
export interface TwoParties {
  readonly alice: UiClient;
  readonly bob: TestUi;
  /** Bob's page. */
  readonly page: Page;
  /** Errors the page threw (a test ends by checking there are none). */
  readonly errors: string[];
  /** A scratch directory for envelopes and downloads. */
  readonly files: string;
}

/**
 * Runs `fn` with Alice's profile created (through the API), Bob's UI started with `options` and
 * a page open on nothing yet; closes the browser, both UIs and the scratch directory afterwards.
 * Bob's profile and the session are the test's to make (`createProfileInPage`, `pairWithPage`).
 */
export async function withTwoParties(
  options: Parameters<typeof startUi>[0],
  fn: (parties: TwoParties) => Promise<void>,
): Promise<void> {
  const files = Deno.makeTempDirSync({ prefix: "plico-ui-files-" });
  const alice = new UiClient();
  const bob = startUi(options);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await alice.createProfile();
    await fn({ alice, bob, page, errors, files });
  } finally {
    await browser.close();
    await bob.close();
    await alice.close();
    Deno.removeSync(files, { recursive: true });
  }
}
