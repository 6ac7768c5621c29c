import assert from "node:assert/strict";
import type { Frame, Page } from "playwright-core";
import { join } from "node:path";
import { artifactDir, launchBrowser, screenshot } from "../support/browser.ts";
import { axeViolations } from "./axe.ts";
import {
  createProfileInPage,
  download,
  go,
  pairWithPage,
  startUi,
  until,
  waitForView,
  withTwoParties,
} from "./ui_servers.ts";

// PDF attachments (docs/UI.md "PDF attachments"): the page draws them with pdf.js inside a
// frame that is an opaque-origin sandbox allowed no request, never with the browser's own PDF
// viewer — which runs scripts inside the PDF, and which Chromium refuses to show in a sandboxed
// frame at all. The last test keeps that measurement honest: when a browser changes either
// fact, it fails and the choice is due again.

/** A PDF file of `objects` (numbered from 1; the first is the catalog), with its xref table. */
function pdfOf(objects: readonly string[]): Uint8Array<ArrayBuffer> {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** A one-page PDF with a form field; with `script`, an open action that rewrites the field. */
function pdfBytes(script: boolean): Uint8Array<ArrayBuffer> {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [7 0 R] /NeedAppearances true " +
    "/DA (/Helv 18 Tf 0 g) /DR << /Font << /Helv 6 0 R >> >> >>" +
    (script ? " /OpenAction 5 0 R" : "") + " >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Annots [7 0 R] " +
    "/Resources << /Font << /F1 6 0 R >> >> >>",
    "<< /Length 44 >>\nstream\nBT /F1 20 Tf 20 150 Td (A PDF from an envelope) Tj ET\nendstream",
    '<< /Type /Action /S /JavaScript /JS (this.getField\\("f"\\).value = "SCRIPT RAN";) >>',
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    "<< /Type /Annot /Subtype /Widget /FT /Tx /T (f) /V (no script ran) " +
    "/Rect [20 40 280 90] /P 3 0 R /DA (/Helv 18 Tf 0 g) /F 4 >>",
  ];
  return pdfOf(objects);
}

/** A PDF of `pages` pages of 200 × `height` points, each saying its number. */
function pagesPdf(pages: number, height = 200): Uint8Array<ArrayBuffer> {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${
      Array.from({ length: pages }, (_, i) => `${4 + 2 * i} 0 R`).join(" ")
    }] /Count ${pages} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  for (let i = 0; i < pages; i++) {
    const text = `BT /F1 24 Tf 20 100 Td (Page ${i + 1}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 ${height}] /Contents ${5 + 2 * i} 0 R ` +
        "/Resources << /Font << /F1 3 0 R >> >> >>",
      `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    );
  }
  return pdfOf(objects);
}

/** The preview frame of the attachment `name`, once it is there. */
async function previewFrame(page: Page, name: string): Promise<Frame> {
  const element = await page.locator(`iframe[title="Pages of ${name}"]`).elementHandle();
  const frame = await element!.contentFrame();
  assert.ok(frame, "the preview frame");
  return frame;
}

Deno.test("a PDF attachment is drawn by pdf.js in a sandboxed frame: its script never runs, the frame reaches nothing, view only is kept, and what cannot be drawn keeps its Save", async () => {
  await withTwoParties({}, async ({ alice, bob, page: b, errors, files }) => {
    await createProfileInPage(b, bob);
    await pairWithPage(alice, b, files);

    const form = new FormData();
    form.append("to", "Bob");
    form.append("text", "the documents");
    form.append("viewOnly", "true");
    form.append(
      "attachment",
      new File([pdfBytes(true)], "report.pdf", { type: "application/pdf" }),
    );
    form.append("attachment", new File([pagesPdf(51)], "long.pdf", { type: "application/pdf" }));
    // Seven pages of 200 × 14,400 points: each would need 11.5 million pixels at the width the
    // frame draws at; it draws each with at most 8 million, and stops at 48 million in all.
    form.append(
      "attachment",
      new File([pagesPdf(7, 14_400)], "tall.pdf", { type: "application/pdf" }),
    );
    const fake = new TextEncoder().encode("%PDF-1.4 this is not really a PDF");
    form.append("attachment", new File([fake], "broken.pdf", { type: "application/pdf" }));
    const sealed = await alice.request("/api/envelopes/seal", { body: form });
    assert.equal(sealed.status, 200);
    const envelope = `${files}/pdfs.bin`;
    Deno.writeFileSync(envelope, new Uint8Array(await sealed.arrayBuffer()));

    await go(b, "open");
    await b.setInputFiles("#open-file", envelope);
    await b.click("#open-form button[type=submit]");
    const report = b.locator("#message-attachments li", { hasText: "report.pdf" });
    await report.locator("button").first().waitFor();
    // View only, and the page can show it: View, no Save.
    assert.deepEqual(await report.locator("button").allTextContents(), ["View"]);
    // Not drawn yet, a view-only PDF may still turn out not drawable (and then only Save can
    // reach it): until drawn, each counts as unsaved, so closing asks first.
    await b.click("#message-close");
    await b.locator("#message-unsaved-question", { hasText: "4 attachments that were not saved" })
      .waitFor();
    await b.click("#message-unsaved-keep");
    // What the frame asked of any server and got an answer to (its own page aside; blob: URLs
    // are pdf.js, made in the frame from the text the page handed it).
    const frameAnswered: string[] = [];
    b.on("requestfinished", (r) => {
      const url = r.url();
      if (!r.frame().url().includes("/pdf/frame.html")) return;
      if (url.startsWith("blob:") || r.isNavigationRequest()) return;
      frameAnswered.push(url);
    });
    await report.locator("button").click();
    await report.locator("p", { hasText: "1 page shown." }).waitFor();
    const frame = await previewFrame(b, "report.pdf");
    // Drawn: one canvas with ink on it (the text and the form field's appearance).
    assert.equal(
      await frame.evaluate(`(() => {
        const c = document.querySelectorAll("canvas");
        if (c.length !== 1) return "canvases: " + c.length;
        const px = c[0].getContext("2d").getImageData(0, 0, c[0].width, c[0].height).data;
        let ink = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] < 128) ink++;
        return ink > 100 ? "drawn" : "blank";
      })()`),
      "drawn",
    );
    // The frame is an opaque origin: it cannot read the page, nor reach the server or anything
    // else (fetch, images, frames are all refused by its policy).
    assert.equal(await frame.evaluate("origin"), "null");
    assert.equal(
      await frame.evaluate(
        `(() => { try { return parent.document.title; } catch (e) { return e.name; } })()`,
      ),
      "SecurityError",
    );
    assert.equal(
      await frame.evaluate(
        `fetch("/api/state", { method: "POST" }).then(() => "sent", () => "refused")`,
      ),
      "refused",
    );
    assert.equal(
      await frame.evaluate(`new Promise((done) => {
        const img = new Image();
        img.onload = () => done("loaded");
        img.onerror = () => done("refused");
        img.src = "/favicon.svg";
      })`),
      "refused",
    );
    // Nothing the frame asked for reached a server (pdf.js came from the page).
    assert.deepEqual(frameAnswered, []);
    // (The PDF's open action sets its form field to "SCRIPT RAN"; pdf.js runs no PDF script —
    // the UI loads none of its scripting layer — and the screenshot below shows "no script ran".)

    // 51 pages: the first 50 are drawn, the page says so, and Save is offered despite view only.
    const long = b.locator("#message-attachments li", { hasText: "long.pdf" });
    // By keyboard (the way a keyboard user does it): clicked right after the frame above was
    // drawn, this button twice got no click in this test; the drawn frame runs in another
    // process, where Playwright's hit check cannot see. Enter does not depend on where it lands.
    await long.locator("button", { hasText: "View" }).press("Enter");
    await long.locator("p", { hasText: "Only the first 50 of 51 pages are shown here" }).waitFor();
    assert.equal(
      await (await previewFrame(b, "long.pdf")).evaluate(
        `document.querySelectorAll("canvas").length`,
      ),
      50,
    );
    const savedLong = await download(
      b,
      files,
      () => long.locator("button", { hasText: "Save" }).click(),
    );
    assert.deepEqual(Deno.readFileSync(savedLong.path), pagesPdf(51));

    // Very tall pages: drawn smaller than the width asks, and stopped by the pixel budget.
    const tall = b.locator("#message-attachments li", { hasText: "tall.pdf" });
    await tall.locator("button", { hasText: "View" }).press("Enter");
    await tall.locator("p", { hasText: /Only the first [1-6] of 7 pages are shown here/ })
      .waitFor();
    const areas = await (await previewFrame(b, "tall.pdf")).evaluate(
      `[...document.querySelectorAll("canvas")].map((c) => c.width * c.height)`,
    ) as number[];
    assert.ok(areas.length >= 1 && areas.length <= 6, String(areas.length));
    for (const area of areas) assert.ok(area <= 8_100_000, String(area));
    assert.ok(areas.reduce((x, y) => x + y) <= 48_000_000);
    await tall.locator("button", { hasText: "Save" }).waitFor();

    // Not a PDF after all: the frame is removed, the page says so, and Save is offered.
    const broken = b.locator("#message-attachments li", { hasText: "broken.pdf" });
    await broken.locator("button", { hasText: "View" }).press("Enter");
    await broken.locator("p", { hasText: "This PDF cannot be shown here." }).waitFor();
    assert.equal(await broken.locator("iframe").count(), 0);
    const savedBroken = await download(
      b,
      files,
      () => broken.locator("button", { hasText: "Save" }).click(),
    );
    assert.deepEqual(Deno.readFileSync(savedBroken.path), fake);

    // A full-page capture misplaces a sandboxed frame's content (drawn in its own process), so
    // this one is of the window, with the drawn PDF in view.
    await report.scrollIntoViewIfNeeded();
    await b.screenshot({ path: join(artifactDir(), "pdf-preview-01-drawn.png") });
    for (const scheme of ["light", "dark"] as const) {
      await b.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await axeViolations(b), [], `axe, ${scheme}`);
    }
    // Only the tall PDF is left unsaved now (the report was drawn in full): closing asks for it.
    await b.click("#message-close");
    await b.locator("#message-unsaved-question", { hasText: "1 attachment that was not saved" })
      .waitFor();
    await b.click("#message-unsaved-drop");
    await until(b, `document.getElementById("message-view").hidden`);
    assert.deepEqual(errors, []);
  });
});

/** Puts the PDF in an iframe (a blob: URL of type application/pdf), as a preview would. */
async function frameThePdf(page: Page, sandbox: string | null, script = false): Promise<void> {
  await page.evaluate(`(() => {
    globalThis.violations = [];
    document.addEventListener("securitypolicyviolation",
      (e) => globalThis.violations.push(e.effectiveDirective));
    const bytes = new Uint8Array(${JSON.stringify([...pdfBytes(script)])});
    const frame = document.createElement("iframe");
    frame.id = "pdf-frame";
    frame.width = "600";
    frame.height = "300";
    ${sandbox === null ? "" : `frame.setAttribute("sandbox", ${JSON.stringify(sandbox)});`}
    frame.src = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    document.body.append(frame);
  })()`);
}

const urls = (page: Page) => page.frames().map((f) => f.url());
const viewerShown = (page: Page) => urls(page).some((u) => u.startsWith("chrome-extension://"));

async function eventually(what: string, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A page on a bare loopback origin whose policy allows blob: frames (not Plico's). */
function bareOrigin(): { url: string; close(): Promise<void> } {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () =>
      new Response("<!doctype html><title>bare</title><h1>bare</h1>", {
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": "default-src 'none'; frame-src blob:",
        },
      }),
  );
  return { url: `http://127.0.0.1:${server.addr.port}/`, close: () => server.shutdown() };
}

Deno.test("Plico's page refuses any blob: frame, so a PDF cannot be framed in it", async () => {
  const ui = startUi();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(ui.server.url);
    await waitForView(page, "create");
    await frameThePdf(page, null);
    await until(page, `globalThis.violations.includes("frame-src")`);
    assert.ok(!viewerShown(page), urls(page).join(" "));
  } finally {
    await browser.close();
    await ui.close();
  }
});

Deno.test("measured: Chromium shows no PDF in a sandboxed frame, and runs the PDF's own script in an unsandboxed one", async () => {
  const bare = bareOrigin();
  const browser = await launchBrowser();
  try {
    for (const sandbox of ["", "allow-scripts", "allow-same-origin"]) {
      const page = await browser.newPage();
      await page.goto(bare.url);
      await frameThePdf(page, sandbox, true);
      await eventually(
        `the sandboxed (${sandbox}) frame to be refused`,
        () => urls(page).some((u) => u.startsWith("chrome-error://")),
      );
      assert.ok(!viewerShown(page), `sandbox="${sandbox}": ${urls(page).join(" ")}`);
      await page.close();
    }
    // Unsandboxed, the viewer shows it — and executes the script inside the PDF: the field
    // reads "SCRIPT RAN" instead of "no script ran" (seen on the screenshot when this was
    // measured; the script's effect is drawn by the viewer's plugin, which a test cannot read,
    // so only the loading is asserted here and the screenshot is kept for a reviewer).
    const page = await browser.newPage();
    await page.goto(bare.url);
    await frameThePdf(page, null, true);
    await eventually("the PDF viewer", () => viewerShown(page));
    const viewer = page.frames().find((f) => f.url().startsWith("chrome-extension://"))!;
    await eventually(
      "the PDF to load in the viewer",
      async () => await viewer.locator("#pageSelector").inputValue().catch(() => "") === "1",
    );
    await screenshot(page, "pdf-unsandboxed-viewer-runs-the-pdf-script");
  } finally {
    await browser.close();
    await bare.close();
  }
});
