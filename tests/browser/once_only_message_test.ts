import assert from "node:assert/strict";
import { screenshot } from "../support/browser.ts";
import { assertNoAxeViolations } from "./axe.ts";
import { createProfileInPage, download, go, pairWithPage, withTwoParties } from "./ui_servers.ts";

/**
 * Long enough that every step below finishes well inside one idle period on a loaded machine;
 * the warning shows in the last half (`min(60 s, idle / 2)`).
 */
const IDLE_MS = 16_000;
/** Generous bound for waiting on the idle lock and the warning (conditions, not sleeps). */
const IDLE_WAIT_MS = IDLE_MS * 3;

Deno.test("an opened message with unsaved attachments is never dropped without a question, and the idle lock warns first", async (t) => {
  await withTwoParties({ idleLockMs: IDLE_MS }, async ({ alice, bob, page: b, errors, files }) => {
    await createProfileInPage(b, bob);
    const seal = await pairWithPage(alice, b, files);
    const report = new File(["quarterly figures"], "report.txt", { type: "text/plain" });
    const first = await seal("first message", [report]);
    const second = await seal("second message");

    await go(b, "open");
    await b.setInputFiles("#open-file", first);
    await b.click("#open-form button[type=submit]");
    await b.locator("#message-view").waitFor({ state: "visible" });

    await t.step("a text attachment can be read in the page; that is not saving it", async () => {
      await b.click("#message-attachments button[aria-label='View report.txt']");
      const shown = b.locator("#message-attachments pre");
      await shown.waitFor();
      assert.equal(await shown.textContent(), "quarterly figures");
      assert.equal(await b.locator("#message-attachments pre *").count(), 0); // text only
    });
    await t.step(
      "a tab closed after the open loses nothing: the next tab shows it again",
      async () => {
        // The envelope is burned before the page shows it; the server holds the message until it
        // is closed, so a closed tab (or a reply lost on the way) can come back for it.
        const again = await b.context().newPage();
        await again.goto(bob.server.url);
        await again.locator("#message-view").waitFor({ state: "visible" });
        assert.equal(await again.textContent("#message-text"), "first message");
        assert.match(await again.textContent("#notice") ?? "", /page was closed before it could/);
        await screenshot(again, "once-00-restored-after-closed-tab");
        await assertNoAxeViolations(again, "once-00-restored-after-closed-tab");
        await again.close();
      },
    );
    await t.step(
      "opening another envelope asks first; Keep leaves everything in place",
      async () => {
        await b.setInputFiles("#open-file", second);
        await b.click("#open-form button[type=submit]");
        const question = b.locator("#message-unsaved-confirm");
        await question.waitFor({ state: "visible" });
        assert.match(await question.textContent() ?? "", /1 attachment that was not saved/);
        assert.equal(await b.evaluate("document.activeElement?.id"), "message-unsaved-keep");
        await screenshot(b, "once-01-unsaved-question");
        await assertNoAxeViolations(b, "once-01-unsaved-question");
        await b.click("#message-unsaved-keep");
        assert.ok(await question.isHidden());
        assert.equal(await b.textContent("#message-text"), "first message");
      },
    );

    await t.step("leaving the Open screen and Close ask too", async () => {
      await b.click(`#nav button[data-view="sessions"]`);
      await b.locator("#message-unsaved-confirm").waitFor({ state: "visible" });
      assert.ok(await b.locator("#view-open").isVisible()); // still here
      await b.click("#message-unsaved-keep");
      await b.click("#message-close");
      await b.locator("#message-unsaved-confirm").waitFor({ state: "visible" });
      await b.click("#message-unsaved-keep");
      assert.equal(await b.textContent("#message-text"), "first message");
    });

    await t.step("once saved, opening the next one replaces it without a question", async () => {
      const saved = await download(
        b,
        files,
        () => b.click("#message-attachments button[aria-label='Save report.txt']"),
      );
      assert.equal(Deno.readTextFileSync(saved.path), "quarterly figures");
      await b.locator("#message-attachments .saved").waitFor();
      await b.setInputFiles("#open-file", second);
      await b.click("#open-form button[type=submit]");
      await b.locator("#message-text", { hasText: "second message" }).waitFor();
      assert.ok(await b.locator("#message-unsaved-confirm").isHidden());
    });

    await t.step(
      "the last part before the idle lock counts down; Stay and scrolling push it back",
      async () => {
        const warning = b.locator("#idle-warning");
        await warning.waitFor({ state: "visible", timeout: IDLE_WAIT_MS });
        assert.match(
          await b.textContent("#idle-warning-text") ?? "",
          /This message disappears in 0:0\d/,
        );
        assert.match(await b.textContent("#idle-warning-announce") ?? "", /less than a minute/);
        await screenshot(b, "once-02-idle-warning");
        await assertNoAxeViolations(b, "once-02-idle-warning");
        await b.click("#idle-stay");
        await warning.waitFor({ state: "hidden" });
        assert.equal(await b.textContent("#message-text"), "second message");

        await warning.waitFor({ state: "visible", timeout: IDLE_WAIT_MS });
        await b.mouse.move(200, 300);
        await b.mouse.wheel(0, 400); // reading: scrolling is activity
        await warning.waitFor({ state: "hidden" });
        assert.equal(await b.textContent("#message-text"), "second message");
        const state = await alice.api("state");
        assert.equal(state.body.profile.unlocked, true);
      },
    );

    await t.step("without any activity the lock comes and wipes the message", async () => {
      await b.locator("#view-unlock").waitFor({ state: "visible", timeout: IDLE_WAIT_MS });
      assert.equal(await b.textContent("#message-text"), "");
      assert.ok(await b.locator("#idle-warning").isHidden());
    });
    assert.deepEqual(errors, []);
  });
});
