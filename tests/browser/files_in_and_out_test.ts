import assert from "node:assert/strict";
import { NEUTRAL_NAME_PATTERN } from "../../adapters/ui-web/download_name.ts";
import { screenshot } from "../support/browser.ts";
import { assertNoAxeViolations } from "./axe.ts";
import {
  createProfileInPage,
  download,
  dropFiles,
  go,
  until,
  waitForView,
  withTwoParties,
} from "./ui_servers.ts";

const enc = new TextEncoder();

function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

Deno.test("files go in by drop or paste, attachments are listed and removable, limits are checked first, images and setup files are recognised", async (t) => {
  await withTwoParties({ observe: true }, async ({ alice, bob, page: b, errors, files }) => {
    await createProfileInPage(b, bob);

    await t.step("a setup file's text form is pasted on Answer", async () => {
      const init = await alice.api("sessions/new", { label: "Bob", armor: true });
      await go(b, "answer");
      await b.fill("#answer-paste", new TextDecoder().decode(bytesOf(init.body.file.base64)));
      await b.fill("#answer-label", "Alice");
      const responder = await download(b, files, () => b.click("#answer-form button[type=submit]"));
      assert.match(responder.name, NEUTRAL_NAME_PATTERN);
      await waitForView(b, "confirm");
      // Each side types the code the other reads aloud (PROTOCOL-handshake §10).
      const code = (await b.textContent("#confirm-code"))!;
      const resp = btoa(String.fromCharCode(...Deno.readFileSync(responder.path)));
      const finished = await alice.api("sessions/finish", { file: resp });
      assert.equal(finished.status, 200);
      await b.fill("#confirm-input", finished.body.myCode);
      await b.click("#confirm-form button[type=submit]");
      await waitForView(b, "sessions");
      assert.ok((await alice.api("sessions/confirm", { label: "Bob", code })).body.confirmed);
    });

    await t.step(
      "Write lists dropped attachments with sizes; one is removed before sealing",
      async () => {
        await go(b, "compose");
        await until(b, `document.getElementById("compose-total").textContent.includes("128 MiB")`);
        assert.match(await b.textContent("#compose-total") ?? "", /Up to 128 MiB per message/);
        await dropFiles(b, "compose-files", [
          { name: "keep.txt", bytes: enc.encode("keep me") },
          { name: "drop.txt", bytes: new Uint8Array(3000) },
        ]);
        const items = b.locator("#compose-list li");
        assert.equal(await items.count(), 2);
        assert.match(await items.nth(1).textContent() ?? "", /drop\.txt.*2\.9 KiB/);
        assert.match(
          await b.textContent("#compose-total") ?? "",
          /^2 attachments, .* of at most 128 MiB/,
        );
        await screenshot(b, "files-01-attachments-listed");
        await assertNoAxeViolations(b, "files-01-attachments-listed");
        await b.click("#compose-list button[aria-label='Remove drop.txt']");
        assert.equal(await items.count(), 1);
        assert.match(await b.textContent("#compose-total") ?? "", /^1 attachment,/);
        await b.fill("#compose-text", "only one file");
        const got = await download(b, files, () => b.click("#compose-form button[type=submit]"));
        assert.match(got.name, /^[a-z2-9]{10}\.bin$/);
        assert.equal(await items.count(), 0);
        const opened = await alice.request("/api/envelopes/open", {
          body: Deno.readFileSync(got.path),
          headers: { "content-type": "application/octet-stream" },
        });
        const body = await opened.json();
        assert.equal(body.text, "only one file");
        assert.deepEqual(body.attachments.map((a: { name: string }) => a.name), ["keep.txt"]);
      },
    );

    await t.step(
      "a message over the limit is refused in the page: nothing is uploaded",
      async () => {
        const before = bob.seen.filter((r) => r.path === "/api/envelopes/seal").length;
        await b.evaluate(() => {
          type Transfer = { items: { add(file: File): void } };
          const g = globalThis as unknown as { DataTransfer: new () => Transfer };
          const t = new g.DataTransfer();
          t.items.add(new File([new Uint8Array(129 * 1024 * 1024)], "huge.bin"));
          const zone = (globalThis as unknown as {
            document: { querySelector(s: string): { dispatchEvent(e: unknown): void } };
          }).document.querySelector(".drop:has(#compose-files)");
          const G = globalThis as unknown as {
            DragEvent: new (type: string, init: unknown) => unknown;
          };
          zone.dispatchEvent(new G.DragEvent("drop", { dataTransfer: t, bubbles: true }));
        });
        assert.match(
          await b.textContent("#compose-total") ?? "",
          /^1 attachment, 129 MiB of at most 128 MiB/,
        );
        await b.click("#compose-form button[type=submit]");
        await b.locator("#alert[data-code='ui.compose_too_large']").waitFor();
        assert.equal(bob.seen.filter((r) => r.path === "/api/envelopes/seal").length, before);
        await b.click("#compose-list button");
      },
    );

    await t.step("Write can hide the envelope in an image in the same step", async () => {
      await b.fill("#compose-text", "in a picture");
      await b.check("#compose-carrier");
      assert.ok(await b.isDisabled("#compose-armor"));
      const got = await download(b, files, () => b.click("#compose-form button[type=submit]"));
      assert.match(got.name, NEUTRAL_NAME_PATTERN);
      assert.ok(got.name.endsWith(".png"));
      const form = new FormData();
      form.append("image", new File([Deno.readFileSync(got.path)], "x.png"));
      const opened = await alice.request("/api/carrier/open", { body: form });
      assert.equal((await opened.json()).text, "in a picture");
    });

    await t.step("Open takes pasted text, and a dropped image without any checkbox", async () => {
      const form = new FormData();
      form.append("to", "Bob");
      form.append("text", "pasted from a chat");
      form.append("armor", "true");
      const armored = await alice.request("/api/envelopes/seal", { body: form });
      await go(b, "open");
      await b.fill("#open-paste", await armored.text());
      await b.click("#open-form button[type=submit]");
      await b.locator("#message-text", { hasText: "pasted from a chat" }).waitFor();

      const plain = new FormData();
      plain.append("to", "Bob");
      plain.append("text", "hidden in a picture");
      const sealed = await alice.request("/api/envelopes/seal", { body: plain });
      const embed = new FormData();
      embed.append("envelope", new File([await sealed.arrayBuffer()], "e.bin"));
      const png = new Uint8Array(
        await (await alice.request("/api/carrier/embed", { body: embed })).arrayBuffer(),
      );
      await dropFiles(b, "open-file", [{ name: "holiday.png", type: "image/png", bytes: png }]);
      await b.locator("#open-kind", { hasText: "An image" }).waitFor();
      assert.ok(await b.locator("#open-key-box").isVisible());
      await b.click("#open-form button[type=submit]");
      await b.locator("#message-text", { hasText: "hidden in a picture" }).waitFor();
      await screenshot(b, "files-02-opened-from-image");
    });

    await t.step("a setup file given to Open says where it goes and is taken there", async () => {
      const init = await alice.api("sessions/new", { label: "Bob again" });
      await go(b, "open");
      await dropFiles(b, "open-file", [{ name: "x.bin", bytes: bytesOf(init.body.file.base64) }]);
      await b.locator("#open-setup", { hasText: "Answer screen" }).waitFor();
      await screenshot(b, "files-03-setup-file-on-open");
      await assertNoAxeViolations(b, "files-03-setup-file-on-open");
      await b.click("#open-setup-go");
      await waitForView(b, "answer");
      assert.equal(await b.evaluate("document.getElementById('answer-file').files.length"), 1);
    });

    assert.deepEqual(errors, []);
  });
});
