import assert from "node:assert/strict";
import { join } from "node:path";
import { NEUTRAL_NAME_PATTERN, neutralName } from "../../../adapters/ui-web/download_name.ts";
import { systemRandom } from "../../../adapters/crypto/system_random.ts";
import { fileResponse } from "../../../adapters/ui-web/file_response.ts";
import { codeOf, UiClient } from "./ui_client.ts";

const PAYLOAD = `<img src=x onerror="alert(1)">";</script><script>alert(2)</script>`;

Deno.test("a hostile session label comes back as inert JSON and never as markup or a path", async () => {
  const c = new UiClient();
  try {
    await c.createProfile();
    const label = PAYLOAD.slice(0, 64);
    const started = await c.api("sessions/new", { label });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.res.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(started.res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(started.body.label, label);
    assert.match(started.body.file.name, NEUTRAL_NAME_PATTERN);
    const listed = await c.api("sessions/list");
    assert.equal(listed.body.sessions[0].label, label);
    // The raw text is JSON-escaped data; no response is HTML.
    const raw = await (await c.request("/api/sessions/list", { json: {} })).text();
    assert.ok(raw.includes(JSON.stringify(label).slice(1, -1)));
    const missing = await c.api("sessions/show", { label: "<b>nope</b>" });
    assert.equal(missing.status, 404);
    assert.equal(codeOf(missing.body), "session.not_found");
    assert.equal(missing.res.headers.get("content-type"), "application/json; charset=utf-8");
  } finally {
    await c.close();
  }
});

Deno.test("names Plico chooses are random and neutral; attachment names are made header-safe", () => {
  const names = new Set<string>();
  for (let i = 0; i < 200; i++) {
    for (const kind of ["binary", "text", "png"] as const) {
      const name = neutralName(systemRandom, kind);
      assert.match(name, NEUTRAL_NAME_PATTERN);
      names.add(name.slice(0, -4));
    }
  }
  assert.equal(names.size, 600); // no repeats
  // A fixed random source gives a fixed name: nothing else (label, clock) goes into it.
  const zeros = { randomBytes: (n: number) => new Uint8Array(n) };
  assert.equal(neutralName(zeros, "binary"), "aaaaaaaaaa.bin");
  assert.equal(neutralName(zeros, "png"), "aaaaaaaaaa.png");
  const res = fileResponse(new Uint8Array(1), `a"b\r\nSet-Cookie: x=1;<svg onload=1>.png`);
  assert.equal(res.headers.get("content-type"), "application/octet-stream");
  const disposition = res.headers.get("content-disposition")!;
  assert.ok(!disposition.includes("\r") && !disposition.includes("\n"));
  assert.equal(disposition.split('"').length, 3); // exactly one quoted filename
  assert.ok(!disposition.includes("<"));
  assert.equal(
    decodeURIComponent(res.headers.get("x-plico-filename")!),
    `a"b\r\nSet-Cookie: x=1;<svg onload=1>.png`,
  );
  assert.equal(res.headers.get("set-cookie"), null);
});

Deno.test("the page's scripts never turn data into markup", () => {
  const dir = join(import.meta.dirname!, "../../../adapters/ui-web/static/js");
  for (const entry of Deno.readDirSync(dir)) {
    const source = Deno.readTextFileSync(join(dir, entry.name));
    for (
      const sink of [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "javascript:",
      ]
    ) {
      assert.ok(!source.includes(sink), `${entry.name} uses ${sink}`);
    }
  }
});
