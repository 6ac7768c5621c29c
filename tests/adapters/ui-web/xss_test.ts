import assert from "node:assert/strict";
import { join } from "node:path";
import { safeNamePart, setupFileName } from "../../../adapters/ui-web/download_name.ts";
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
    assert.match(started.body.file.name, /^plico-[A-Za-z0-9_-]+-initiator\.plico$/);
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

Deno.test("download names keep only safe characters from labels and attachment names", () => {
  assert.equal(safeNamePart(PAYLOAD), "img_src_x_onerror_alert_1_script_script");
  assert.equal(safeNamePart("../../etc/passwd"), "etc_passwd");
  assert.equal(safeNamePart("\u202Egnp.exe"), "gnp_exe");
  assert.equal(safeNamePart("Zoë"), "Zoe");
  assert.equal(safeNamePart("日本"), "session");
  assert.equal(setupFileName("Bob", "RESPONDER", true), "plico-Bob-responder.txt");
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
