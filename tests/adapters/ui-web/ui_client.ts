/**
 * A test client for the UI app through `app.request()`: requests look like those of Plico's
 * own page in a browser (Host, Origin, Sec-Fetch-Site, cookie, CSRF header) unless a test
 * overrides a header to play an attacker.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Deps } from "../../../application/deps.ts";
import { createPngCarrier } from "../../support/png_carrier_in_process.ts";
import { memoArgon2 } from "../../support/argon2_memo.ts";
import { systemRandom } from "../../../adapters/crypto/system_random.ts";
import { createApp, type UiApp } from "../../../adapters/ui-web/create_app.ts";
import type { UiOptions, UiServices } from "../../../adapters/ui-web/ui_services.ts";
import { depsFor, tempProfileDir, TEST_PASSPHRASE } from "../../support/profile_fixture.ts";

/** The port the test apps pretend to listen on. */
export const PORT = 48123;
/** Plico's own origin for `PORT`. */
export const ORIGIN = `http://127.0.0.1:${PORT}`;

/** Headers of a request, `null` removes a default. */
export type HeaderOverrides = Record<string, string | null>;

/** One request; `json` sets a JSON body. */
export interface Call {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: HeaderOverrides;
  /** Aborts like a browser whose connection dropped. */
  signal?: AbortSignal;
}

/** A test app with its profile directory and a browser-like client. */
export class UiClient {
  readonly ui: UiApp;
  readonly dir: string;
  cookie: string | null = null;
  csrf: string | null = null;
  readonly #cleanup: () => void;

  constructor(
    options: Partial<UiOptions> = {},
    deps?: (dir: string) => Deps,
    extra: Pick<UiServices, "sealSink"> = {},
  ) {
    const profile = tempProfileDir();
    this.dir = profile.dir;
    this.#cleanup = profile.remove;
    const crypto = memoArgon2();
    this.ui = createApp(
      {
        deps: () => (deps ?? depsFor)(profile.dir),
        random: systemRandom,
        carrierDeps: () => ({ crypto, carrier: createPngCarrier(crypto, systemRandom) }),
        ...extra,
      },
      { port: PORT, ...options },
    );
  }

  /** Sends a request to `path` with browser-like defaults, then `overrides`. */
  request(path: string, call: Call = {}): Promise<Response> {
    const method = call.method ?? (call.json !== undefined || call.body ? "POST" : "GET");
    const headers: Record<string, string> = {
      host: `127.0.0.1:${PORT}`,
      "sec-fetch-site": "same-origin",
    };
    if (method !== "GET" && method !== "HEAD") headers.origin = ORIGIN;
    if (this.cookie !== null) headers.cookie = this.cookie;
    if (this.csrf !== null) headers["x-plico-csrf"] = this.csrf;
    let body = call.body;
    if (call.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(call.json);
    }
    for (const [k, v] of Object.entries(call.headers ?? {})) {
      if (v === null) delete headers[k];
      else headers[k] = v;
    }
    const init: RequestInit = { method, headers, body };
    if (call.signal) init.signal = call.signal;
    return Promise.resolve(this.ui.app.request(`${ORIGIN}${path}`, init));
  }

  /** POSTs JSON to /api/`path` and returns status and parsed body. */
  async api(path: string, json: unknown = {}, headers?: HeaderOverrides) {
    const res = await this.request(`/api/${path}`, { json, headers });
    const text = await res.text();
    return { status: res.status, body: text === "" ? null : JSON.parse(text), res };
  }

  /** Exchanges the launch token like the page does; keeps cookie and CSRF token. */
  async launch(): Promise<void> {
    const res = await this.request("/api/launch", { json: { token: this.ui.launchToken } });
    assert.equal(res.status, 200, await res.clone().text());
    const setCookie = res.headers.get("set-cookie")!;
    this.cookie = setCookie.split(";")[0]!;
    this.csrf = (await res.json()).csrf;
  }

  /** Launches, creates a passphrase-only profile and leaves it unlocked. */
  async createProfile(): Promise<void> {
    if (this.cookie === null) await this.launch();
    const r = await this.api("profile/create", {
      passphrase: TEST_PASSPHRASE,
      repeat: TEST_PASSPHRASE,
      passphraseOnly: true,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }

  /** Locks everything and removes the profile directory. */
  async close(): Promise<void> {
    await this.ui.close();
    this.#cleanup();
  }
}

/** The error code of a JSON error answer. */
export function codeOf(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | null)?.error?.code;
}

/** Alice and Bob, each with their own UI app and profile, set up through the UI only. */
export async function confirmedPair(): Promise<
  { alice: UiClient; bob: UiClient; close(): Promise<void> }
> {
  const alice = new UiClient();
  const bob = new UiClient();
  await alice.createProfile();
  await bob.createProfile();
  const init = await alice.api("sessions/new", { label: "Bob" });
  const answer = await bob.api("sessions/answer", { label: "Alice", file: init.body.file.base64 });
  const finish = await alice.api("sessions/finish", { file: answer.body.file.base64 });
  // Each side types the code the other reads aloud (PROTOCOL-handshake §10).
  const toAlice = { label: "Bob", code: answer.body.myCode };
  const toBob = { label: "Alice", code: finish.body.myCode };
  assert.equal((await alice.api("sessions/confirm", toAlice)).body.confirmed, true);
  assert.equal((await bob.api("sessions/confirm", toBob)).body.confirmed, true);
  return { alice, bob, close: async () => void (await Promise.all([alice.close(), bob.close()])) };
}
