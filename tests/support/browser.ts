/**
 * Headless Chromium for the browser tests: Debian's `/usr/bin/chromium` driven by
 * `playwright-core` (which never downloads a browser), with flags that keep every packet on
 * this machine — `--host-resolver-rules` maps every name except 127.0.0.1 to "not found", so
 * Chromium sends no DNS query at all — and a temporary HOME (Chromium writes ~/.config there;
 * Playwright gives each launch its own temporary user-data-dir and removes it on close).
 *
 * A missing Chromium is a failure with the install command, never a silent skip.
 *
 * @module
 */

import { type Browser, chromium, type Page } from "playwright-core";
import { join } from "node:path";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags from ENVIRONMENT.md "Headless Chromium for UI tests". */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/** Longest wait for any single browser action, in ms (keeps a broken test from hanging). */
export const BROWSER_ACTION_TIMEOUT_MS = 45_000;

/** Throws a clear message when Chromium is not installed. */
export function requireChromium(): void {
  try {
    if (Deno.statSync(CHROMIUM_PATH).isFile) return;
  } catch { /* reported below */ }
  throw new Error(
    `browser tests need Chromium at ${CHROMIUM_PATH}: install the Debian package 'chromium' ` +
      `(apt-get install -y --no-install-recommends chromium)`,
  );
}

/** A launched browser and its temporary HOME. */
export interface TestBrowser {
  readonly browser: Browser;
  /** A page in a fresh context (own cookies, downloads accepted, optional permissions). */
  newPage(options?: { permissions?: string[] }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with the test flags. `mapToLoopback` names hosts that resolve to
 * 127.0.0.1 (inside Chromium's resolver: still no DNS query), for DNS-rebinding tests.
 */
export async function launchBrowser(
  { mapToLoopback = [], extraArgs = [] }: { mapToLoopback?: string[]; extraArgs?: string[] } = {},
): Promise<TestBrowser> {
  requireChromium();
  const args = CHROMIUM_ARGS.map((a) =>
    a.startsWith("--host-resolver-rules=") && mapToLoopback.length > 0
      ? `--host-resolver-rules=${mapToLoopback.map((h) => `MAP ${h} 127.0.0.1, `).join("")}${
        a.slice("--host-resolver-rules=".length)
      }`
      : a
  );
  const home = Deno.makeTempDirSync({ prefix: "plico-chromium-home-" });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...args, ...extraArgs],
    timeout: 30_000,
    env: {
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      XDG_CACHE_HOME: join(home, ".cache"),
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    },
  });
  return {
    browser,
    async newPage({ permissions } = {}) {
      const context = await browser.newContext({ acceptDownloads: true });
      if (permissions) await context.grantPermissions(permissions);
      context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
      return await context.newPage();
    },
    async close() {
      await browser.close();
      Deno.removeSync(home, { recursive: true });
    },
  };
}

let artifacts: string | null = null;

/**
 * The directory for screenshots: `$PLICO_TEST_ARTIFACTS` when set, else a temporary directory
 * (kept after the run). The path is printed once so it can be found.
 */
export function artifactDir(): string {
  if (artifacts !== null) return artifacts;
  const chosen = Deno.env.get("PLICO_TEST_ARTIFACTS");
  if (chosen) {
    Deno.mkdirSync(chosen, { recursive: true });
    artifacts = chosen;
  } else artifacts = Deno.makeTempDirSync({ prefix: "plico-ui-artifacts-" });
  console.log(`browser test screenshots: ${artifacts}`);
  return artifacts;
}

/** Saves a full-page screenshot named `name`.png in `artifactDir()`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactDir(), `${name}.png`), fullPage: true });
}
