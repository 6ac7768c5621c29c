import assert from "node:assert/strict";
import { screenshot } from "../support/browser.ts";
import { assertNoAxeViolations } from "./axe.ts";
import { TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { download, go, pairWithPage, until, waitForView, withTwoParties } from "./ui_servers.ts";

const WRONG = "not the passphrase at all 42";

Deno.test("forms keep what was typed and lead to the field; the flow always offers the next step", async (t) => {
  await withTwoParties({ observe: true }, async ({ alice, bob, page: b, errors, files }) => {
    const focused = () => b.evaluate("document.activeElement?.id ?? ''");

    await t.step("two different passphrases are caught in the page, nothing is sent", async () => {
      await b.goto(bob.server.url);
      await waitForView(b, "create");
      await b.fill("#create-passphrase", TEST_PASSPHRASE);
      await b.fill("#create-repeat", `${TEST_PASSPHRASE}x`);
      await b.check("#create-consent");
      await b.click("#create-form button[type=submit]");
      await b.locator("#alert[data-code='passphrase.mismatch']").waitFor();
      assert.equal(bob.seen.filter((r) => r.path === "/api/profile/create").length, 0);
      assert.equal(await focused(), "alert");
      assert.equal(await b.getAttribute("#create-repeat", "aria-invalid"), "true");
      assert.equal(await b.inputValue("#create-passphrase"), TEST_PASSPHRASE); // kept
      await screenshot(b, "forms-01-mismatch");
      await assertNoAxeViolations(b, "forms-01-mismatch");
      await b.click("#alert a");
      assert.equal(await focused(), "create-repeat");
    });

    await t.step(
      "a weak passphrase is refused with the rule that failed, and stays to be fixed",
      async () => {
        await b.fill("#create-passphrase", "aaaaaaaaaaaa");
        await b.fill("#create-repeat", "aaaaaaaaaaaa");
        await b.click("#create-form button[type=submit]");
        await b.locator("#alert[data-code='passphrase.weak']").waitFor();
        assert.match(await b.textContent("#alert") ?? "", /Details: /);
        assert.equal(await b.inputValue("#create-passphrase"), "aaaaaaaaaaaa");
        assert.doesNotMatch(await b.textContent("#alert") ?? "", /--/); // no command-line flags
        await b.fill("#create-passphrase", TEST_PASSPHRASE);
        await b.fill("#create-repeat", TEST_PASSPHRASE);
        await b.click("#create-form button[type=submit]");
        await waitForView(b, "sessions");
        assert.equal(await b.inputValue("#create-passphrase"), "");
      },
    );

    await t.step(
      "an empty list offers to start; password forms carry a hidden username",
      async () => {
        await b.locator("#session-empty-actions").waitFor();
        assert.equal(await b.locator("input[autocomplete=username]").count(), 4);
        await b.click("#empty-start");
        await waitForView(b, "new");
      },
    );

    await t.step(
      "the unlock page names the profile; wrong passphrases hold the button with a live countdown",
      async () => {
        await b.click("#lock-now");
        await waitForView(b, "unlock");
        const location = await b.inputValue("#unlock-form input[autocomplete=username]");
        assert.ok(location.length > 0);
        assert.equal(await b.textContent("#unlock-profile"), `Profile in ${location}`);
        for (let i = 0; i < 3; i++) {
          await b.fill("#unlock-passphrase", WRONG);
          await b.click("#unlock-form button[type=submit]");
          await b.locator("#alert[data-code='profile.bad_passphrase']").waitFor();
          assert.equal(await b.inputValue("#unlock-passphrase"), ""); // a wrong one is not kept
          assert.doesNotMatch(await b.textContent("#alert") ?? "", /Details/);
        }
        // After three failures the next try must wait: the page shows it and holds the button.
        await b.locator("#unlock-lockout").waitFor();
        assert.match(await b.textContent("#unlock-lockout") ?? "", /try again in 0:0\d/);
        assert.ok(await b.isDisabled("#unlock-form button[type=submit]"));
        await screenshot(b, "forms-02-unlock-wait");
        await assertNoAxeViolations(b, "forms-02-unlock-wait");
        await b.locator("#unlock-form button[type=submit]:enabled").waitFor({ timeout: 30_000 });
        assert.ok(await b.locator("#unlock-lockout").isHidden());
        await b.fill("#unlock-passphrase", TEST_PASSPHRASE);
        await b.click("#unlock-form button[type=submit]");
        await waitForView(b, "sessions");
      },
    );

    await t.step(
      "a confirmed session offers Write to …, and its safety code can be read again",
      async () => {
        const seal = await pairWithPage(alice, b, files);
        const row = b.locator("#session-rows tr[data-label='Alice']");
        await row.locator("button", { hasText: "Write to Alice" }).click();
        await waitForView(b, "compose");
        // The recipients are loaded when the screen opens; wait for them, then for the choice.
        await until(b, "document.getElementById('compose-to').value === 'Alice'");
        await go(b, "sessions");
        await row.locator("button", { hasText: "Details" }).click();
        await b.click("#detail-show-code");
        assert.match(await b.textContent("#detail-downloads .code") ?? "", /^\d{5}( \d{5}){5}$/);
        assert.match(await b.textContent("#detail-facts") ?? "", /show the full key/);
        await screenshot(b, "forms-03-session-detail");

        const envelope = await seal("hello Bob");
        await go(b, "open");
        await b.setInputFiles("#open-file", envelope);
        await b.click("#open-form button[type=submit]");
        await b.locator("#message-view").waitFor();
        await b.click("#message-reply");
        await waitForView(b, "compose");
        // The recipients are loaded when the screen opens; wait for them, then for the choice.
        await until(b, "document.getElementById('compose-to').value === 'Alice'");
        assert.equal(await focused(), "compose-text");
      },
    );

    await t.step("a refused code is not a dead end: remove it and start again", async () => {
      const init = await alice.api("sessions/new", { label: "Bob too" });
      const initPath = `${files}/second.bin`;
      Deno.writeFileSync(
        initPath,
        Uint8Array.from(atob(init.body.file.base64), (c) => c.charCodeAt(0)),
      );
      await go(b, "answer");
      await b.setInputFiles("#answer-file", initPath);
      await b.fill("#answer-label", "Mallory");
      await download(b, files, () => b.click("#answer-form button[type=submit]"));
      await waitForView(b, "confirm");
      for (let i = 0; i < 5; i++) {
        await b.fill("#confirm-input", "00000 00000 00000 00000 00000 00000");
        await b.click("#confirm-form button[type=submit]");
        if (i < 4) await b.locator("#confirm-attempts", { hasText: `${4 - i} attempt` }).waitFor();
      }
      await b.locator("#confirm-refused").waitFor();
      assert.ok(await b.locator("#confirm-form").isHidden());
      assert.equal(await focused(), "confirm-refused-restart");
      await screenshot(b, "forms-04-refused");
      await assertNoAxeViolations(b, "forms-04-refused");
      await b.click("#confirm-refused-restart");
      await waitForView(b, "new");
      assert.equal(await b.inputValue("#new-label"), "Mallory");
      assert.match(await b.textContent("#notice") ?? "", /“Mallory” and its keys were deleted/);
    });
    assert.deepEqual(errors, []);
  });
});
