import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startUi, until, waitForView } from "./ui_servers.ts";

// Why the page does not preview PDF attachments (docs/UI.md "Opening and viewing once"): the
// browser's own PDF viewer runs scripts inside the PDF, and Chromium refuses to show a PDF in a
// sandboxed frame at all. These tests keep the measurement honest: when a browser changes
// either fact, they fail and the decision is due again.

/** A one-page PDF with a form field; with `script`, an open action that rewrites the field. */
function pdfBytes(script: boolean): Uint8Array {
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
