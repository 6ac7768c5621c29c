import assert from "node:assert/strict";
import {
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
} from "../../../adapters/ui-web/security_headers.ts";
import { STATIC_ASSETS } from "../../../adapters/ui-web/static_assets.ts";
import { PORT, UiClient } from "./ui_client.ts";

function assertSecured(res: Response, what: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    assert.equal(res.headers.get(name), value, `${what}: ${name}`);
  }
}

Deno.test("the content security policy is exactly the one of the design, without unsafe-inline", () => {
  assert.equal(
    CONTENT_SECURITY_POLICY,
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; " +
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  assert.ok(!CONTENT_SECURITY_POLICY.includes("unsafe"));
  assert.equal(SECURITY_HEADERS["Cache-Control"], "no-store");
  assert.equal(SECURITY_HEADERS["X-Frame-Options"], "DENY");
  // The camera for the QR scanner of this page only (asked when it opens); no other device.
  assert.equal(
    SECURITY_HEADERS["Permissions-Policy"],
    "camera=(self), microphone=(), geolocation=(), display-capture=()",
  );
});

Deno.test("every response carries the security headers: files, API answers and every kind of error", async () => {
  const c = new UiClient();
  try {
    const responses: Array<[string, Promise<Response>]> = [];
    for (const path of STATIC_ASSETS.keys()) responses.push([path, c.request(path)]);
    responses.push(["catalog", c.request("/i18n/catalog.json")]);
    responses.push(["404", c.request("/missing")]);
    responses.push(["405", c.request("/", { method: "DELETE" })]);
    responses.push(["bad host", c.request("/", { headers: { host: `evil.example:${PORT}` } })]);
    responses.push(["cross-site", c.request("/", { headers: { "sec-fetch-site": "cross-site" } })]);
    responses.push(["no session", c.request("/api/state", { json: {} })]);
    responses.push(["bad token", c.request("/api/launch", { json: { token: "nope" } })]);
    responses.push([
      "413",
      c.request("/api/launch", {
        body: "{}",
        headers: { "content-type": "application/json", "content-length": "99999999" },
      }),
    ]);
    for (const [what, pending] of responses) {
      const res = await pending;
      assertSecured(res, what);
      await res.body?.cancel();
    }
    await c.launch();
    const ok = await c.api("state");
    assert.equal(ok.status, 200);
    assertSecured(ok.res, "state");
    const locked = await c.api("sessions/list");
    assert.equal(locked.status, 423);
    assertSecured(locked.res, "423");
  } finally {
    await c.close();
  }
});

Deno.test("static files are served from memory with exact types and no external references", async () => {
  const c = new UiClient();
  try {
    for (const [path, asset] of STATIC_ASSETS) {
      const res = await c.request(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-type"), asset.type, path);
      const text = await res.text();
      assert.equal(text, asset.body);
      if (path.startsWith("/vendor/")) {
        // The package's comments cite web pages; its code loads and sends nothing.
        assert.ok(!/\bfetch\s*\(|XMLHttpRequest|WebSocket|sendBeacon|importScripts/.test(text));
        assert.ok(!/(from|import\s*\()\s*["'](https?:)?\/\//.test(text), path);
        continue;
      }
      // No resource of any kind from elsewhere: no absolute URLs, no protocol-relative ones.
      assert.ok(
        !/(https?:)?\/\/[a-z0-9]/i.test(text.replace(/"http:\/\/www\.w3\.org\/2000\/svg"/g, "")),
        path,
      );
      if (path === "/") {
        assert.ok(!/<script(?![^>]*\bsrc=)/i.test(text), "no inline script");
        assert.ok(!/\son[a-z]+=/i.test(text), "no inline event handlers");
        assert.ok(!/<style|style=/i.test(text), "no inline style");
      }
    }
  } finally {
    await c.close();
  }
});
