import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { TEST_PASSPHRASE } from "../support/profile_fixture.ts";
import { axeViolations } from "./axe.ts";
import { createProfileInPage, go, startUi, until, waitForView } from "./ui_servers.ts";

/** Minutes shown by the lock timer ("Locks in 14:59" in any language: the m:ss part). */
const TIMER_MINUTES =
  `Number((/(\\d+):\\d\\d/.exec(document.getElementById("lock-timer").textContent) ?? [])[1])`;

/** Goes to Settings and waits for the stored settings to fill the form (it takes no input before). */
async function openSettings(p: Page): Promise<void> {
  await go(p, "settings");
  await until(p, `!document.getElementById("settings-form").inert`);
}

Deno.test("settings: a wrong value is refused in the page and changes nothing; saved settings apply at once and again after lock and unlock", async () => {
  const ui = startUi(); // the program's defaults: 15 minutes, 30 s
  const browser = await launchBrowser();
  try {
    const p = await browser.newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    const errors: string[] = [];
    p.on("pageerror", (e) => errors.push(e.message));
    await createProfileInPage(p, ui);

    await openSettings(p);
    await until(p, `document.getElementById("settings-idle").value === "15"`);
    assert.equal(await p.inputValue("#settings-clipboard"), "30");
    assert.equal(await p.inputValue("#settings-expiry"), "0");
    assert.equal(await p.inputValue("#settings-language"), "");
    for (const scheme of ["light", "dark"] as const) {
      await p.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await axeViolations(p), [], `axe, ${scheme}`);
    }
    await p.emulateMedia({ colorScheme: "light" });

    // Out of range: the page says which field and why, focuses the alert, and saves nothing.
    await p.fill("#settings-idle", "0");
    await p.selectOption("#settings-expiry", "1440");
    await p.click("#settings-form button[type=submit]");
    await p.locator("#alert", { hasText: "from 1 to 1440" }).waitFor();
    assert.equal(await p.getAttribute("#settings-idle", "aria-invalid"), "true");
    assert.equal(await p.inputValue("#settings-idle"), "0"); // what was typed stays
    await p.fill("#settings-idle", "3");
    await p.fill("#settings-clipboard", "4");
    await p.click("#settings-form button[type=submit]");
    await p.locator("#alert", { hasText: "from 5 to 600" }).waitFor();
    await screenshot(p, "settings-01-refused");
    await go(p, "compose");
    assert.equal(await p.inputValue("#compose-expires"), "0", "nothing was applied");
    await openSettings(p);
    await until(p, `document.getElementById("settings-idle").value === "15"`);

    // Saved: in force at once.
    await p.selectOption("#settings-language", "de");
    await p.selectOption("#settings-expiry", "1440");
    await p.fill("#settings-idle", "2");
    await p.fill("#settings-clipboard", "9");
    await p.click("#settings-form button[type=submit]");
    await until(p, `document.documentElement.lang === "de"`);
    // The countdown is drawn again at once in the new language, not at its next tick.
    assert.match(await p.textContent("#lock-timer") ?? "", /^Sperrt in/);
    await p.locator("#notice", { hasText: "Einstellungen gespeichert" }).waitFor();
    assert.ok(Number(await p.evaluate(TIMER_MINUTES)) <= 2, "the idle lock is 2 minutes now");
    await screenshot(p, "settings-02-saved");

    // Locked, then the tab switches back to English: unlocking brings the profile's choices.
    await p.click("#lock-now");
    await waitForView(p, "unlock");
    await p.selectOption("#language", "en");
    await until(p, `document.documentElement.lang === "en"`);
    await p.fill("#unlock-passphrase", TEST_PASSPHRASE);
    await p.click("#unlock-form button[type=submit]");
    await waitForView(p, "sessions");
    await until(p, `document.documentElement.lang === "de"`);
    assert.equal(await p.inputValue("#language"), "de");
    assert.ok(Number(await p.evaluate(TIMER_MINUTES)) <= 2, "the idle lock is still 2 minutes");
    await go(p, "compose");
    assert.equal(await p.inputValue("#compose-expires"), "1440");
    await go(p, "profile");
    await p.click("#copy-identity");
    await p.locator("#notice", { hasText: "nach 9 s" }).waitFor();
    await openSettings(p);
    // The form is filled from the server (polled: it arrives after the screen is shown).
    await until(
      p,
      `document.getElementById("settings-idle").value === "2" &&
        document.getElementById("settings-clipboard").value === "9" &&
        document.getElementById("settings-language").value === "de"`,
    );

    // The language menu, used while unlocked, is remembered in the profile too.
    await p.selectOption("#language", "fr");
    await until(p, `document.documentElement.lang === "fr"`);
    await until(p, `document.getElementById("settings-language").value === "fr"`);
    await p.click("#lock-now");
    await waitForView(p, "unlock");
    await p.selectOption("#language", "en");
    await until(p, `document.documentElement.lang === "en"`);
    await p.fill("#unlock-passphrase", TEST_PASSPHRASE);
    await p.click("#unlock-form button[type=submit]");
    await waitForView(p, "sessions");
    await until(p, `document.documentElement.lang === "fr"`);

    // "The browser's language" brings the browser's choice back (English here).
    await openSettings(p);
    await until(p, `document.getElementById("settings-language").value === "fr"`);
    await p.selectOption("#settings-language", "");
    await p.click("#settings-form button[type=submit]");
    await until(p, `document.documentElement.lang === "en"`);
    await p.locator("#notice", { hasText: "Settings saved" }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await ui.close();
  }
});

Deno.test("settings that cannot be read: after unlock the page says the defaults are in force, and Settings warns until saved", async () => {
  const ui = startUi(); // the program's defaults: 15 minutes, 30 s
  const browser = await launchBrowser();
  try {
    const p = await browser.newPage();
    const errors: string[] = [];
    p.on("pageerror", (e) => errors.push(e.message));
    await createProfileInPage(p, ui);
    await openSettings(p);
    await until(p, `document.getElementById("settings-idle").value === "15"`);
    assert.ok(await p.locator("#settings-unreadable").isHidden(), "no warning for no record");
    await p.fill("#settings-idle", "5");
    await p.click("#settings-form button[type=submit]");
    await p.locator("#notice", { hasText: "Settings saved" }).waitFor();
    await p.click("#lock-now");
    await waitForView(p, "unlock");

    // One flipped bit in the sealed record while locked: it no longer opens.
    const db = new DatabaseSync(join(ui.dir, "profile.db"));
    try {
      const sealed = (db.prepare("SELECT value FROM settings").get()!.value as Uint8Array).slice();
      sealed[30]! ^= 1;
      db.prepare("UPDATE settings SET value = ?").run(sealed);
    } finally {
      db.close();
    }

    await p.fill("#unlock-passphrase", TEST_PASSPHRASE);
    await p.click("#unlock-form button[type=submit]");
    await waitForView(p, "sessions");
    await p.locator("#notice", {
      hasText: "Your settings could not be read; the defaults are in force.",
    }).waitFor();
    assert.ok(Number(await p.evaluate(TIMER_MINUTES)) > 5, "the program's 15 minutes, not 5");
    await openSettings(p);
    await p.locator("#settings-unreadable", { hasText: "the defaults are in force" }).waitFor();
    await until(p, `document.getElementById("settings-idle").value === "15"`);
    await screenshot(p, "settings-03-unreadable");
    for (const scheme of ["light", "dark"] as const) {
      await p.emulateMedia({ colorScheme: scheme });
      assert.deepEqual(await axeViolations(p), [], `axe, ${scheme}`);
    }
    await p.emulateMedia({ colorScheme: "light" });

    // Saving writes a record that opens: the warning goes, here and after the next unlock.
    await p.fill("#settings-idle", "4");
    await p.click("#settings-form button[type=submit]");
    await p.locator("#notice", { hasText: "Settings saved" }).waitFor();
    await p.click("#lock-now");
    await waitForView(p, "unlock");
    await p.fill("#unlock-passphrase", TEST_PASSPHRASE);
    await p.click("#unlock-form button[type=submit]");
    await waitForView(p, "sessions");
    await openSettings(p);
    await until(p, `document.getElementById("settings-idle").value === "4"`);
    assert.ok(await p.locator("#settings-unreadable").isHidden());
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await ui.close();
  }
});
