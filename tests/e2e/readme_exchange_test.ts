/**
 * The README's exchange, exactly as written: the block is read from README.md and run by bash
 * in a real terminal (tmux), in a copy of the checkout's files (as a fresh clone has them).
 * The test plays both people: it types each passphrase at its prompt and each safety code the
 * way the peer would read it aloud (scraped from the other person's screen).
 *
 * @module
 */

import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../support/paths.ts";
import { tempDir } from "../support/run_plico.ts";
import { hasTmux, SCREEN_WAIT_MS, TmuxPane } from "../support/tmux.ts";

const PASSPHRASES: Record<string, string> = {
  alice: "orbit lantern velvet 42 quay",
  bob: "copper meadow signal 17 fjord",
};

/** The sh block of the README that holds the exchange. */
export function readmeExchange(): string {
  const readme = Deno.readTextFileSync(join(REPO_ROOT, "README.md"));
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const exchange = blocks.filter((b) => b.includes("session confirm"));
  assert.equal(exchange.length, 1, "the README has exactly one exchange block");
  return exchange[0]!;
}

/** The files a fresh clone has (tracked and not ignored), copied to `to`. */
function copyCheckout(to: string): void {
  const listed = new Deno.Command("git", {
    args: ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    cwd: REPO_ROOT,
    stdout: "piped",
  }).outputSync();
  assert.ok(listed.success, "git ls-files works in the checkout");
  for (const path of new TextDecoder().decode(listed.stdout).split("\0")) {
    if (path === "") continue;
    const from = join(REPO_ROOT, path);
    try {
      if (!Deno.lstatSync(from).isFile) continue;
    } catch {
      continue; // deleted in the working tree
    }
    Deno.mkdirSync(dirname(join(to, path)), { recursive: true });
    Deno.copyFileSync(from, join(to, path));
  }
}

/** The code shown on `reader`'s screen for the session with `label` (the one read aloud). */
function shownCode(screen: string, label: string): string {
  // "Safety code for "Alice":" or "Your safety code for "Alice" (read it aloud …):", then the code.
  const m = new RegExp(
    `[Ss]afety code for "${label}"[^\\n]*:\\s*\\n\\s*\\n?\\s*([0-9][0-9 ]+[0-9])`,
  ).exec(screen);
  assert.ok(m, `a safety code for "${label}" was shown:\n${screen}`);
  return m[1]!;
}

/** Every prompt the block meets, in order, with what a person types there. */
const PROMPTS =
  /^(New passphrase for \S*\/(alice|bob):|Repeat it:|Passphrase for \S*\/(alice|bob):|Code (Alice|Bob) reads to you:)/gm;

Deno.test({
  name: "the README's exchange runs as written, copy-pasted into a terminal",
  ignore: !hasTmux(),
  async fn() {
    const root = tempDir("plico-readme-");
    const checkout = join(root.path, "checkout");
    const scratch = join(root.path, "tmp");
    Deno.mkdirSync(scratch);
    copyCheckout(checkout);
    const script = join(root.path, "exchange.sh");
    Deno.writeTextFileSync(script, readmeExchange());
    const pane = await TmuxPane.start(`bash -e ${script}`, {
      cwd: checkout,
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: Deno.env.get("HOME") ?? "/nonexistent",
        DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
        TMPDIR: scratch, // where the block's mktemp -d goes
        NO_COLOR: "1",
      },
    });
    try {
      let answered = 0;
      let lastNew = "";
      const deadline = Date.now() + 4 * SCREEN_WAIT_MS;
      while ((await pane.exitStatus()) === null) {
        assert.ok(Date.now() < deadline, `the exchange did not finish:\n${await pane.screen()}`);
        const screen = await pane.screen();
        const prompts = [...screen.matchAll(PROMPTS)];
        const lastLine = screen.split("\n").at(-1) ?? "";
        const waiting = prompts.length > answered && lastLine.startsWith(prompts.at(-1)![1]!);
        if (!waiting) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const p = prompts[answered]!;
        answered++;
        if (p[1]!.startsWith("New passphrase")) {
          lastNew = PASSPHRASES[p[2]!]!;
          await pane.type(lastNew);
        } else if (p[1] === "Repeat it:") {
          await pane.type(lastNew);
        } else if (p[3] !== undefined) {
          await pane.type(PASSPHRASES[p[3]]!);
        } else {
          // Alice types the code Bob reads to her from his screen, and the other way round.
          const reader = p[4]!;
          await pane.type(shownCode(screen, reader === "Bob" ? "Alice" : "Bob"));
        }
        await pane.keys("Enter");
      }
      const screen = await pane.screen();
      assert.equal(await pane.exitStatus(), 0, screen);
      for (const secret of Object.values(PASSPHRASES)) assert.ok(!screen.includes(secret));
      // Each passphrase is asked once after its profile was created: the shell holds both.
      for (const name of Object.keys(PASSPHRASES)) {
        const asked = screen.match(new RegExp(`^Passphrase for \\S*/${name}:`, "gm")) ?? [];
        assert.equal(asked.length, 1, `${name}'s passphrase asked once:\n${screen}`);
      }
      assert.match(screen, /Session "Bob" is confirmed and active/);
      assert.match(screen, /Session "Alice" is confirmed and active/);
      assert.match(screen, /^Message:\n {4}The documents are attached\.\nEnd of message\.$/m);
      const saved = /^Saved: +(\/\S+\/inbox\/report\.txt) \(/m.exec(screen);
      assert.ok(saved, screen);
      assert.ok(saved[1]!.startsWith(scratch), "saved in the demo's directory, not the checkout");
      assert.equal(Deno.readTextFileSync(saved[1]!), "Figures for the third quarter.\n");
      assert.equal(Deno.statSync(dirname(saved[1]!)).mode! & 0o777, 0o700);
    } finally {
      await pane.close();
      root.remove();
    }
  },
});
