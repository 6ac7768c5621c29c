import assert from "node:assert/strict";
import { UI_LAUNCH_MAX_FAILURES } from "../../../domain/limits.ts";
import { codeOf, PORT, UiClient } from "./ui_client.ts";

Deno.test("the launch token is exchanged once for an HttpOnly SameSite=Strict session cookie", async () => {
  const c = new UiClient();
  try {
    assert.match(c.ui.launchToken, /^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    assert.equal(c.ui.launchUrl, `http://127.0.0.1:${PORT}/#token=${c.ui.launchToken}`);
    const res = await c.request("/api/launch", { json: { token: c.ui.launchToken } });
    assert.equal(res.status, 200);
    const cookie = res.headers.get("set-cookie")!;
    const [pair, ...attrs] = cookie.split(";").map((s) => s.trim());
    assert.match(pair!, new RegExp(`^plico-${PORT}=[A-Za-z0-9_-]{43}$`));
    assert.deepEqual(attrs.sort(), ["HttpOnly", "Path=/", "SameSite=Strict"]);
    const { csrf } = await res.json();
    assert.match(csrf, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!cookie.includes(csrf));

    const replay = await c.request("/api/launch", { json: { token: c.ui.launchToken } });
    assert.equal(replay.status, 403);
    assert.equal(codeOf(await replay.json()), "ui.bad_token");
    assert.equal(replay.headers.get("set-cookie"), null);
  } finally {
    await c.close();
  }
});

Deno.test("a missing or wrong launch token gets no session, and too many wrong ones withdraw it", async () => {
  const c = new UiClient();
  try {
    const missing = await c.api("launch", {});
    assert.equal(missing.status, 400);
    assert.equal(codeOf(missing.body), "ui.bad_request");
    const notJson = await c.request("/api/launch", {
      body: `token=${c.ui.launchToken}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(notJson.status, 415); // a plain HTML form can never deliver it
    await notJson.body?.cancel();
    const good = c.ui.launchToken;
    const wrong = (good[0] === "A" ? "B" : "A") + good.slice(1);
    for (let i = 0; i < UI_LAUNCH_MAX_FAILURES; i++) {
      const r = await c.api("launch", { token: wrong });
      assert.equal(r.status, 403);
      assert.equal(r.res.headers.get("set-cookie"), null);
    }
    const late = await c.api("launch", { token: good });
    assert.equal(late.status, 403);
    assert.equal(codeOf(late.body), "ui.bad_token");
  } finally {
    await c.close();
  }
});

Deno.test("API calls need the session cookie, and unsafe ones the CSRF token too", async () => {
  const c = new UiClient();
  try {
    const none = await c.api("state");
    assert.equal(none.status, 401);
    assert.equal(codeOf(none.body), "ui.no_session");
    await c.launch();
    const csrf = c.csrf!;

    // state: cookie only (how a reloaded page gets its CSRF token back)
    const state = await c.api("state", {}, { "x-plico-csrf": null });
    assert.equal(state.status, 200);
    assert.equal(state.body.csrf, csrf);
    assert.equal(state.body.profile.exists, false);

    const attempts: Array<[string, string | null]> = [
      ["missing", null],
      ["wrong", "x".repeat(43)],
      ["empty", ""],
    ];
    for (const [what, value] of attempts) {
      const r = await c.api("lock", {}, { "x-plico-csrf": value });
      assert.equal(r.status, 403, String(what));
      assert.equal(codeOf(r.body), "ui.bad_csrf");
    }
    const forged = await c.api("lock", {}, { cookie: `plico-${PORT}=${"A".repeat(43)}` });
    assert.equal(forged.status, 401);
    // A cookie planted by another loopback port does not shadow the real one.
    const planted = await c.api("touch", {}, {
      cookie: `plico-${PORT}=${"A".repeat(43)}; ${c.cookie}`,
    });
    assert.equal(planted.status, 200);
    // The cookie of another port's server does not count.
    const otherPort = await c.api("touch", {}, {
      cookie: c.cookie!.replace(`plico-${PORT}`, `plico-${PORT + 1}`),
    });
    assert.equal(otherPort.status, 401);
    assert.equal((await c.api("lock")).status, 200);
  } finally {
    await c.close();
  }
});

Deno.test("JSON endpoints refuse form and text bodies", async () => {
  const c = new UiClient();
  try {
    await c.launch();
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      const r = await c.request("/api/profile/unlock", {
        body: JSON.stringify({ passphrase: "x" }),
        headers: { "content-type": type },
      });
      assert.equal(r.status, 415, type);
      assert.equal(codeOf(await r.json()), "ui.unsupported_media");
    }
  } finally {
    await c.close();
  }
});
