import assert from "node:assert/strict";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { startUi, type TestUi, waitForView } from "./ui_servers.ts";

const REBIND_HOST = "rebind.test";

/** A hostile page served from another loopback port (test content: no CSP of its own). */
function attackerServer(html: (port: number) => string): Deno.HttpServer<Deno.NetAddr> {
  const server: Deno.HttpServer<Deno.NetAddr> = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () =>
      new Response(html(server.addr.port), {
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
  );
  return server;
}

Deno.test("a DNS-rebinding page reaching Plico's port under its own name gets nothing", async () => {
  const browser = await launchBrowser({ mapToLoopback: [REBIND_HOST] });
  let ui: TestUi | null = null;
  try {
    // The attacker's page is loaded from rebind.test:PORT while that name still points at the
    // attacker; then the name points at 127.0.0.1, where Plico now listens on the same port.
    // Every request of the page is then same-origin for the browser: only the Host check stops it.
    const bait = attackerServer(() =>
      `<!doctype html><title>innocent</title><script>
        window.attack = async (token) => {
          const out = {};
          const grab = async (name, path, init) => {
            try {
              const r = await fetch(path, init);
              out[name] = { status: r.status, body: await r.text() };
            } catch (e) { out[name] = { error: String(e) }; }
          };
          const json = { "content-type": "application/json" };
          await grab("page", "/", {});
          await grab("launch", "/api/launch", { method: "POST", headers: json, body: JSON.stringify({ token }) });
          await grab("state", "/api/state", { method: "POST", headers: json, body: "{}" });
          await grab("create", "/api/profile/create", { method: "POST", headers: json, body: "{}" });
          return out;
        };
      </script>`
    );
    const port = bait.addr.port;
    const victim = await browser.newPage();
    const attacker = await browser.newPage();
    await attacker.goto(`http://${REBIND_HOST}:${port}/`);
    assert.equal(await attacker.title(), "innocent");
    await bait.shutdown();
    ui = startUi({ port });

    const results = await attacker.evaluate(
      (token) => (globalThis as unknown as { attack(t: string): Promise<unknown> }).attack(token),
      ui.server.ui.launchToken, // even a leaked launch token is useless under a foreign name
    ) as Record<string, { status: number; body: string }>;
    for (const [what, r] of Object.entries(results)) {
      assert.equal(r.status, 403, `${what}: ${JSON.stringify(r)}`);
      assert.equal(JSON.parse(r.body).error.code, "ui.bad_host", what);
      assert.ok(!r.body.includes("<"), what);
    }
    // The typed address of a rebinding name is refused as well.
    const direct = await attacker.goto(`http://${REBIND_HOST}:${port}/`);
    assert.equal(direct!.status(), 403);
    await screenshot(attacker, "20-rebinding-refused");

    // Nothing was spent or created: the real link still works once.
    await victim.goto(ui.server.url);
    await waitForView(victim, "create");
  } finally {
    await browser.close();
    await ui?.close();
  }
});

Deno.test("a page on another loopback port cannot use the victim's session (CSRF)", async () => {
  const browser = await launchBrowser();
  const ui = startUi({ observe: true });
  const plico = ui.origin;
  const evil = attackerServer(() =>
    `<!doctype html><title>evil</title>
    <form id="f" method="POST" action="${plico}/api/sessions/new" enctype="text/plain">
      <input name='{"label":"Mallory","x":"' value='"}'>
    </form>
    <script>
      window.attack = async () => {
        const out = {};
        const json = { "content-type": "application/json" };
        const tryFetch = async (name, path, init) => {
          try {
            const r = await fetch("${plico}" + path, { credentials: "include", ...init });
            out[name] = "read " + r.status + " " + await r.text();
          } catch (e) { out[name] = "blocked"; }
        };
        await tryFetch("list", "/api/sessions/list", { method: "POST", headers: json, body: "{}" });
        await tryFetch("state", "/api/state", { method: "POST", body: "{}" });
        await tryFetch("lock", "/api/lock", { method: "POST", mode: "no-cors", body: "{}" });
        await tryFetch("newSession", "/api/sessions/new", {
          method: "POST", mode: "no-cors", body: '{"label":"Mallory"}',
        });
        return out;
      };
    </script>`
  );
  try {
    const victim = await browser.newPage();
    await victim.goto(ui.server.url);
    await waitForView(victim, "create");
    await victim.fill("#create-passphrase", TEST_PASSPHRASE);
    await victim.fill("#create-repeat", TEST_PASSPHRASE);
    await victim.check("#create-consent");
    await victim.click("#create-form button[type=submit]");
    await waitForView(victim, "sessions");

    // Same browser context: the victim's cookie for 127.0.0.1 is there, and since another
    // port of 127.0.0.1 is the same *site*, SameSite=Strict does not keep it back.
    const attacker = await victim.context().newPage();
    const before = ui.seen.length;
    await attacker.goto(`http://127.0.0.1:${evil.addr.port}/`);
    const results = await attacker.evaluate(() =>
      (globalThis as unknown as { attack(): Promise<Record<string, string>> }).attack()
    );
    assert.deepEqual(results, {
      list: "blocked", // preflight refused: the response never reaches the attacker
      state: "blocked", // no CORS grant: the CSRF token cannot be read
      lock: "blocked", // no-cors: sent, but refused, and CORP withholds even the opaque answer
      newSession: "blocked",
    });
    const [form] = await Promise.all([
      attacker.waitForNavigation(),
      attacker.evaluate(() =>
        (globalThis as unknown as { document: { getElementById(id: string): { submit(): void } } })
          .document.getElementById("f").submit()
      ),
    ]);
    assert.equal(form!.status(), 403);
    assert.match(await attacker.textContent("body") ?? "", /ui\.cross_origin/);
    await screenshot(attacker, "21-csrf-form-refused");
    // Every request of the attacker reached Plico (the preflight of the JSON one stands in for
    // it), carried the victim's cookie where the browser sends one, and was refused there.
    // (The browser's own favicon request for the refused page is not the attacker's, nor are
    // the victim page's own same-origin requests, such as its state polling, meanwhile.)
    const attacks = ui.seen.slice(before).filter((r) =>
      r.path !== "/favicon.ico" && r.fetchSite !== "same-origin"
    );
    const paths = new Set(attacks.map((r) => `${r.method} ${r.path}`));
    for (
      const p of [
        "OPTIONS /api/sessions/list",
        "POST /api/state",
        "POST /api/lock",
        "POST /api/sessions/new",
      ]
    ) {
      assert.ok(paths.has(p), `${p} never reached Plico: ${JSON.stringify(attacks)}`);
    }
    for (const r of attacks) {
      assert.equal(r.status, 403, JSON.stringify(r));
      assert.equal(r.fetchSite, "same-site", JSON.stringify(r));
      if (r.method === "POST") {
        assert.ok(r.hadCookie, "SameSite=Strict did not hold the cookie back");
      }
    }
    assert.ok(!paths.has("POST /api/sessions/list")); // the preflight failed: never sent

    // The victim's profile is untouched: still unlocked, and no session was created.
    await victim.click("#session-refresh");
    assert.equal(await victim.locator("#session-rows tr").count(), 0);
    assert.ok(await victim.locator("#session-empty").isVisible());
    assert.ok(await victim.locator("#lock-now").isVisible());
  } finally {
    await browser.close();
    await evil.shutdown();
    await ui.close();
  }
});
