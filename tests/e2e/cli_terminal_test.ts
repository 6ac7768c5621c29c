/**
 * The CLI at a real terminal (tmux): passphrases asked on the controlling terminal even when
 * standard input is a pipe, three tries, Ctrl-C = 130, and the refusal to print binary data on
 * a terminal — before any passphrase is asked and without changing anything.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { CLI_PASSPHRASE, cliPair, cliProfile } from "../support/cli_pair.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { runPlico, tempDir } from "../support/run_plico.ts";
import { hasTmux, TmuxPane } from "../support/tmux.ts";

const PLICO = join(REPO_ROOT, "bin", "plico");
/** The passphrase prompt (tmux drops the trailing space of a line). */
const PROMPT = /^Passphrase for \S+: ?$/;

/** Waits for the `n`-th passphrase prompt to be the last line on the screen. */
function nthPrompt(pane: TmuxPane, n: number): Promise<string> {
  return pane.waitFor((s) => {
    const lines = s.split("\n");
    return lines.filter((l) => PROMPT.test(l)).length === n && PROMPT.test(lines.at(-1)!);
  }, `passphrase prompt number ${n}`);
}

function paneEnv(): Record<string, string> {
  return {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: Deno.env.get("HOME") ?? "/nonexistent",
    DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
    NO_COLOR: "1",
  };
}

/** Runs `command` in a fresh terminal in `cwd`, hands the pane to `body`, always cleans up. */
async function inTerminal(
  cwd: string,
  command: string,
  body: (pane: TmuxPane) => Promise<void>,
): Promise<void> {
  const pane = await TmuxPane.start(command, { cwd, env: paneEnv() });
  try {
    await body(pane);
  } finally {
    await pane.close();
  }
}

Deno.test({
  name: "the CLI at a terminal: tty prompts with piped input, three tries, Ctrl-C, no binary",
  ignore: !hasTmux(),
  async fn(t) {
    const root = tempDir();
    try {
      const { alice, bob } = await cliPair(root.path);
      const profile = `--profile ${alice.dir}`;

      await t.step(
        "a piped seal asks for the passphrase on the terminal, without echo",
        async () => {
          await inTerminal(
            root.path,
            `echo 'hello from a pipe' | ${PLICO} seal --to Bob -o m1.bin ${profile}`,
            async (pane) => {
              await nthPrompt(pane, 1);
              await pane.type(CLI_PASSPHRASE);
              await pane.keys("Enter");
              assert.equal(await pane.exited(), 0, await pane.screen());
              const screen = await pane.screen();
              assert.doesNotMatch(screen, new RegExp(CLI_PASSPHRASE));
              assert.match(screen, /Sealed .* to "Bob" in .*m1\.bin\./);
            },
          );
          assert.ok(Deno.statSync(join(root.path, "m1.bin")).size > 0);
        },
      );

      await t.step("a wrong passphrase is asked again, up to three tries", async () => {
        await inTerminal(root.path, `${PLICO} profile unlock ${profile}`, async (pane) => {
          await nthPrompt(pane, 1);
          await pane.type("not the passphrase");
          await pane.keys("Enter");
          assert.match(await nthPrompt(pane, 2), /Wrong passphrase; try again \(2 tries left\)/);
          await pane.type("still not it");
          await pane.keys("Enter");
          assert.match(await nthPrompt(pane, 3), /\(1 try left\)/);
          await pane.type(CLI_PASSPHRASE);
          await pane.keys("Enter");
          assert.equal(await pane.exited(), 0, await pane.screen());
          assert.match(await pane.screen(), /Unlocked profile [0-9a-f]{32}/);
        });
      });

      await t.step("Ctrl-C at the prompt ends the command with exit code 130", async () => {
        await inTerminal(root.path, `${PLICO} profile unlock ${profile}`, async (pane) => {
          await nthPrompt(pane, 1);
          await pane.type("half typ");
          await pane.keys("C-c");
          assert.equal(await pane.exited(), 130, await pane.screen());
        });
      });

      await t.step("binary is never printed on a terminal; -a prints text", async () => {
        await inTerminal(root.path, `${PLICO} seal --to Bob ${profile}`, async (pane) => {
          assert.equal(await pane.exited(), 2);
          const screen = await pane.screen();
          assert.match(screen, /refusing to print the binary envelope on the terminal/);
          assert.match(screen, /add -a/);
          assert.doesNotMatch(screen, /Passphrase/); // refused before any secret is asked
        });
        await inTerminal(
          root.path,
          `${PLICO} session new --label Carol ${profile}`,
          async (pane) => {
            assert.equal(await pane.exited(), 2);
            assert.match(await pane.screen(), /refusing to print the binary initiator file/);
          },
        );
        const listed = await alice.as(["session", "list", "--json"]);
        assert.deepEqual(
          JSON.parse(listed.stdout).map((s: { label: string }) => s.label),
          ["Bob"],
          "the refused session new created nothing",
        );
        await inTerminal(
          root.path,
          `echo 'armored' | ${PLICO} seal --to Bob -a ${profile}`,
          async (pane) => {
            await nthPrompt(pane, 1);
            await pane.type(CLI_PASSPHRASE);
            await pane.keys("Enter");
            assert.equal(await pane.exited(), 0, await pane.screen());
            assert.match(await pane.screen(), /-----BEGIN ENCRYPTED DATA-----/);
          },
        );
      });

      await t.step("plico shell: unlock once, seal, idle lock, unlock again, Ctrl-D", async () => {
        Deno.writeTextFileSync(join(root.path, "note.txt"), "sealed in the shell\n");
        const fromBob = await bob.as(["seal", "--to", "Alice", "-o", join(root.path, "m3.bin")], {
          stdin: "from Bob to the shell",
        });
        assert.equal(fromBob.code, 0, fromBob.stderr);
        const shellPrompt = (n: number) => (s: string) =>
          s.split("\n").filter((l) => l.startsWith("plico>")).length === n &&
          /^plico> ?$/.test(s.split("\n").at(-1)!);
        await inTerminal(
          root.path,
          `${PLICO} shell --lock-after 1 ${profile}`,
          async (pane) => {
            await nthPrompt(pane, 1);
            await pane.type(CLI_PASSPHRASE);
            await pane.keys("Enter");
            await pane.waitFor(shellPrompt(1), "the shell prompt");
            await pane.type("seal --to Bob -m note.txt -o m2.bin");
            await pane.keys("Enter");
            let screen = await pane.waitFor(shellPrompt(2), "the prompt after seal");
            assert.match(screen, /Sealed .* to "Bob" in .*m2\.bin\./);
            await pane.type("open m3.bin --out-dir inbox");
            await pane.keys("Enter");
            screen = await pane.waitFor(shellPrompt(3), "the prompt after open");
            assert.match(screen, /^Message:\n {4}from Bob to the shell\nEnd of message\.$/m);
            await pane.type("session show B");
            await pane.keys("Tab"); // completes the label
            await pane.keys("Enter");
            screen = await pane.waitFor(shellPrompt(4), "the prompt after session show");
            assert.match(screen, /^plico> session show Bob ?$/m);
            assert.match(screen, /^State +active/m);
            assert.equal(screen.split("\n").filter((l) => PROMPT.test(l)).length, 1);
            // Idle: the keys are wiped and the next command asks again.
            await pane.waitFor(
              (s) => /Locked after 1 minute\(s\) without a command/.test(s),
              "the idle lock",
            );
            await pane.type("session list");
            await pane.keys("Enter");
            await nthPrompt(pane, 2);
            await pane.type(CLI_PASSPHRASE);
            await pane.keys("Enter");
            screen = await pane.waitFor(shellPrompt(5), "the prompt after session list");
            assert.match(screen, /^Bob +active/m);
            await pane.keys("C-d");
            assert.equal(await pane.exited(), 0, await pane.screen());
            assert.match(await pane.screen(), /Locked; the keys are wiped\./);
          },
        );
        const opened = await bob.as(["open", join(root.path, "m2.bin"), "--json"], {
          cwd: root.path,
        });
        assert.equal(opened.code, 0, opened.stderr);
        assert.equal(JSON.parse(opened.stdout).text, "sealed in the shell\n");
      });

      await t.step("profile create asks again for a refused new passphrase", async () => {
        const dave = join(root.path, "dave");
        const created = (s: string) => /Created profile [0-9a-f]{32}/.test(s);
        const lastIs = (prefix: string, n: number) => (s: string) => {
          const lines = s.split("\n");
          return lines.filter((l) => l.startsWith(prefix)).length === n &&
            lines.at(-1)!.startsWith(prefix);
        };
        await inTerminal(
          root.path,
          `${PLICO} profile create --passphrase-only --profile ${dave}`,
          async (pane) => {
            await pane.waitFor(lastIs("New passphrase for", 1), "the first prompt");
            await pane.type("short");
            await pane.keys("Enter");
            await pane.waitFor(lastIs("Repeat it:", 1), "the repeat prompt");
            await pane.type("short");
            await pane.keys("Enter");
            const screen = await pane.waitFor(lastIs("New passphrase for", 2), "a second try");
            assert.match(screen, /passphrase refused: .*; try again\./);
            await pane.type(CLI_PASSPHRASE);
            await pane.keys("Enter");
            await pane.waitFor(lastIs("Repeat it:", 2), "the second repeat prompt");
            await pane.type(CLI_PASSPHRASE);
            await pane.keys("Enter");
            assert.equal(await pane.exited(), 0, await pane.screen());
            assert.ok(created(await pane.screen()));
          },
        );
      });

      await t.step(
        "lines pasted at a passphrase prompt are all refused; nothing is created",
        async () => {
          // A README block pasted into a terminal without bracketed paste: the lines after the
          // command reach its prompt. None may become the passphrase, and none may be left for
          // the shell to run afterwards (the `read` below shows what was left).
          const erin = join(root.path, "erin");
          await inTerminal(
            root.path,
            `${PLICO} profile create --passphrase-only --profile ${erin}; echo "exit $?"; ` +
              `read -r rest; echo "left: [$rest]"`,
            async (pane) => {
              await pane.waitFor((s) => /New passphrase for \S+: ?$/.test(s), "the first prompt");
              // More than one read of the terminal (4 KiB): the rest must not reach the shell.
              const filler = Array.from({ length: 120 }, (_, i) => `# filler line ${i} .....`);
              await pane.paste(
                "plico profile create --profile bob --passphrase-only\n\n" + filler.join("\n") +
                  "\necho 'The documents are attached.' > pasted.txt\n",
              );
              await pane.waitFor((s) => /^exit \d+$/m.test(s), "the command's end");
              await pane.type("typed afterwards");
              await pane.keys("Enter");
              assert.equal(await pane.exited(), 0, await pane.screen());
              const screen = await pane.screen();
              assert.match(screen, /several lines arrived at once at the passphrase prompt/);
              assert.match(screen, /^exit 11$/m);
              assert.match(screen, /^left: \[typed afterwards\]$/m);
              assert.doesNotMatch(screen, /Repeat it/);
            },
          );
          assert.throws(() => Deno.statSync(join(erin, "profile.db")), Deno.errors.NotFound);
          assert.throws(() => Deno.statSync(join(root.path, "pasted.txt")), Deno.errors.NotFound);
        },
      );

      await t.step("a passphrase pasted alone is taken, even with a CRLF line end", async () => {
        const frank = join(root.path, "frank");
        await inTerminal(
          root.path,
          `${PLICO} profile create --passphrase-only --profile ${frank}`,
          async (pane) => {
            await pane.waitFor((s) => /New passphrase for \S+: ?$/.test(s), "the first prompt");
            await pane.paste(`${CLI_PASSPHRASE}\r\n`); // a terminal sends this as CR CR
            await pane.waitFor((s) => /Repeat it: ?$/.test(s), "the repeat prompt");
            await pane.paste(`${CLI_PASSPHRASE}\n`);
            assert.equal(await pane.exited(), 0, await pane.screen());
            assert.match(await pane.screen(), /Created profile [0-9a-f]{32}/);
          },
        );
      });

      await t.step("three wrong passphrases end with exit code 8", async () => {
        const carol = await cliProfile(root.path, "carol");
        await inTerminal(
          root.path,
          `${PLICO} profile unlock --profile ${carol.dir}`,
          async (pane) => {
            for (const n of [1, 2, 3]) {
              await nthPrompt(pane, n);
              await pane.type("wrong wrong wrong");
              await pane.keys("Enter");
            }
            assert.equal(await pane.exited(), 8, await pane.screen());
          },
        );
        const status = await runPlico(["profile", "status", "--json", "--profile", carol.dir]);
        assert.equal(JSON.parse(status.stdout).failedAttempts, 3);
      });
    } finally {
      root.remove();
    }
  },
});
