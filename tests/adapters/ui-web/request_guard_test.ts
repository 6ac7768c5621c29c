import assert from "node:assert/strict";
import { codeOf, PORT, UiClient } from "./ui_client.ts";

Deno.test("the UI answers only to the exact loopback Host names of its port", async () => {
  const c = new UiClient();
  try {
    await c.launch();
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`]) {
      const origin = `http://${host}`;
      const page = await c.request("/", { headers: { host } });
      assert.equal(page.status, 200, host);
      await page.body?.cancel();
      const state = await c.api("state", {}, { host, origin });
      assert.equal(state.status, 200, host);
    }
    const refused = [
      `evil.example:${PORT}`, // DNS rebinding: the attacker's name pointing at 127.0.0.1
      `127.0.0.1:${PORT + 1}`,
      `127.0.0.1`,
      `LOCALHOST:${PORT}`,
      `127.0.0.1.:${PORT}`,
      `[::1]:${PORT}`,
      `0.0.0.0:${PORT}`,
    ];
    for (const host of refused) {
      const page = await c.request("/", { headers: { host } });
      assert.equal(page.status, 403, host);
      assert.equal(codeOf(await page.json()), "ui.bad_host");
      // Even with a matching Origin the foreign Host is refused before any route runs.
      const api = await c.api("state", {}, { host, origin: `http://${host}` });
      assert.equal(api.status, 403, host);
      assert.equal(codeOf(api.body), "ui.bad_host");
    }
    const noHost = await c.request("/", { headers: { host: null } });
    assert.equal(noHost.status, 403);
    await noHost.body?.cancel();
  } finally {
    await c.close();
  }
});

Deno.test("a rebinding page's request never reaches a route, and the answer echoes nothing", async () => {
  const c = new UiClient();
  try {
    const res = await c.request("/api/launch", {
      json: { token: c.ui.launchToken },
      headers: { host: `evil.example:${PORT}`, origin: `http://evil.example:${PORT}` },
    });
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.ok(!text.includes("evil.example"));
    // The token was not spent by the refused request: the real page can still use it.
    await c.launch();
  } finally {
    await c.close();
  }
});

Deno.test("state-changing requests need Sec-Fetch-Site same-origin and the exact Origin", async () => {
  const c = new UiClient();
  try {
    await c.launch();
    const cases: Array<[string, Record<string, string | null>]> = [
      ["cross-site fetch metadata", { "sec-fetch-site": "cross-site" }],
      ["same-site (another port of 127.0.0.1)", { "sec-fetch-site": "same-site" }],
      ["a typed address (none) on a POST", { "sec-fetch-site": "none" }],
      ["no fetch metadata", { "sec-fetch-site": null }],
      ["cross-site Origin", { origin: "https://evil.example" }],
      ["another loopback port as Origin", { origin: `http://127.0.0.1:${PORT + 1}` }],
      ["opaque Origin", { origin: "null" }],
      ["https scheme", { origin: `https://127.0.0.1:${PORT}` }],
      ["Origin of the other allowed host", { origin: `http://localhost:${PORT}` }],
      ["no Origin", { origin: null }],
    ];
    for (const [what, headers] of cases) {
      const r = await c.api("lock", {}, headers);
      assert.equal(r.status, 403, what);
      assert.equal(codeOf(r.body), "ui.cross_origin", what);
    }
    assert.equal((await c.api("lock")).status, 200);
  } finally {
    await c.close();
  }
});

Deno.test("pages load from a typed address or the page itself, never from another site", async () => {
  const c = new UiClient();
  try {
    for (const site of ["none", "same-origin"]) {
      const r = await c.request("/", { headers: { "sec-fetch-site": site } });
      assert.equal(r.status, 200, site);
      await r.body?.cancel();
    }
    for (const site of ["cross-site", "same-site", null]) {
      const r = await c.request("/js/app.js", { headers: { "sec-fetch-site": site } });
      assert.equal(r.status, 403, String(site));
      assert.equal(codeOf(await r.json()), "ui.cross_origin");
    }
    const foreign = await c.request("/", { headers: { origin: "https://evil.example" } });
    assert.equal(foreign.status, 403);
    await foreign.body?.cancel();
  } finally {
    await c.close();
  }
});

Deno.test("pages take only GET and the API only POST", async () => {
  const c = new UiClient();
  try {
    await c.launch();
    const post = await c.request("/", { method: "POST", body: "x" });
    assert.equal(post.status, 405);
    assert.equal(codeOf(await post.json()), "ui.method");
    const get = await c.request("/api/state");
    assert.equal(get.status, 405);
    assert.equal(codeOf(await get.json()), "ui.method");
    const put = await c.request("/api/lock", { method: "PUT", json: {} });
    assert.equal(put.status, 405);
    await put.body?.cancel();
    const missing = await c.request("/nothing-here");
    assert.equal(missing.status, 404);
    assert.equal(codeOf(await missing.json()), "ui.not_found");
  } finally {
    await c.close();
  }
});
