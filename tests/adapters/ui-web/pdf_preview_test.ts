import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  PDF_FRAME_HTML,
  PDF_FRAME_PATH,
  PDF_FRAME_POLICY,
  PDFJS_FILES,
  pdfjsText,
} from "../../../adapters/ui-web/pdf_preview.ts";
import { PDF_FRAME_HEADERS, SECURITY_HEADERS } from "../../../adapters/ui-web/security_headers.ts";
import { REPO_ROOT } from "../../support/paths.ts";
import { PORT, UiClient } from "./ui_client.ts";

// The PDF preview's frame must be a sandbox that runs only its own pinned script and fetches
// nothing, framed by this UI only; pdf.js must be the vendored release, unchanged, and served
// to this UI's own page only.

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest();

Deno.test("the frame's policy: sandboxed, its one inline script by hash, blob: modules, no fetch, framed by this UI only", () => {
  assert.equal(
    PDF_FRAME_POLICY.replace(/'sha256-[A-Za-z0-9+/=]+'/, "'sha256-HASH'"),
    "sandbox allow-scripts; default-src 'none'; script-src 'sha256-HASH' blob:; " +
      "img-src blob: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
  );
  assert.ok(!PDF_FRAME_POLICY.includes("unsafe"), "no unsafe-inline, no unsafe-eval");
  assert.ok(!PDF_FRAME_POLICY.includes("allow-same-origin"), "an opaque origin");
  // The hash is the inline script's, exactly: any other script in the page would not run.
  const scripts = [...PDF_FRAME_HTML.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  const hash = sha256(scripts[0]![1]!).toString("base64");
  assert.ok(PDF_FRAME_POLICY.includes(`'sha256-${hash}'`));
  assert.equal(PDF_FRAME_HEADERS["X-Frame-Options"], "SAMEORIGIN");
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (name !== "Content-Security-Policy" && name !== "X-Frame-Options") {
      assert.equal(PDF_FRAME_HEADERS[name], value, name);
    }
  }
});

Deno.test("pdf.js is the vendored release, byte for byte (scripts/vendor_pdfjs.ts)", async () => {
  for (const { file, sha256: expected } of PDFJS_FILES) {
    const onDisk = Deno.readFileSync(join(REPO_ROOT, "adapters/ui-web/static/vendor/pdfjs", file));
    assert.equal(sha256(onDisk).toString("hex"), expected, file);
    assert.equal(await pdfjsText(file), new TextDecoder().decode(onDisk), file);
  }
  assert.equal(await pdfjsText("LICENSE"), null);
  const license = Deno.readTextFileSync(
    join(REPO_ROOT, "adapters/ui-web/static/vendor/pdfjs/LICENSE"),
  );
  assert.match(license, /Apache License/);
});

Deno.test("the frame and pdf.js are served with their own headers, to this UI's page only", async () => {
  const c = new UiClient();
  try {
    const frame = await c.request(PDF_FRAME_PATH);
    assert.equal(frame.status, 200);
    assert.equal(frame.headers.get("content-type"), "text/html; charset=utf-8");
    for (const [name, value] of Object.entries(PDF_FRAME_HEADERS)) {
      assert.equal(frame.headers.get(name), value, name);
    }
    assert.equal(await frame.text(), PDF_FRAME_HTML);
    // Every other answer keeps the page's own policy: only the frame may be framed.
    const page = await c.request("/");
    assert.equal(page.headers.get("x-frame-options"), "DENY");
    await page.body?.cancel();

    for (const { path, file } of PDFJS_FILES) {
      const res = await c.request(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
      assert.equal(
        res.headers.get("content-security-policy"),
        SECURITY_HEADERS["Content-Security-Policy"],
      );
      assert.equal(await res.text(), await pdfjsText(file));
    }
    // Another site (or a sandboxed frame, whose origin is opaque: "cross-site") gets nothing,
    // so no web page can load these files to learn that Plico runs on this port.
    for (const path of [PDF_FRAME_PATH, ...PDFJS_FILES.map((f) => f.path)]) {
      const refused = await c.request(path, {
        headers: { "sec-fetch-site": "cross-site", origin: "null" },
      });
      assert.equal(refused.status, 403, path);
      await refused.body?.cancel();
      const elsewhere = await c.request(path, { headers: { host: `evil.example:${PORT}` } });
      assert.notEqual(elsewhere.status, 200, path);
      await elsewhere.body?.cancel();
    }
  } finally {
    await c.close();
  }
});

Deno.test("no PDF script can run: pdf.js's scripting sandbox is not shipped and the frame never asks for scripting", () => {
  assert.deepEqual(PDFJS_FILES.map((f) => f.file), ["pdf.min.mjs", "pdf.worker.min.mjs"]);
  const vendored = [...Deno.readDirSync(join(REPO_ROOT, "adapters/ui-web/static/vendor/pdfjs"))]
    .map((e) => e.name).sort();
  assert.deepEqual(vendored, ["LICENSE", "pdf.min.mjs", "pdf.worker.min.mjs"]);
  const frame = Deno.readTextFileSync(join(REPO_ROOT, "adapters/ui-web/static/pdf/frame.js"));
  assert.ok(!/enableScripting|pdf\.sandbox|annotationMode|AnnotationLayer/.test(frame));
  assert.match(frame, /isEvalSupported: false/);
});
