/**
 * A real terminal for end-to-end tests: a detached tmux server on a private socket runs one
 * command in a pane; the test reads the screen, types keys and reads the exit status. What a
 * person at a terminal meets (no-echo prompts, /dev/tty with piped stdin, Ctrl-C, refusal to
 * print binary) can only be tested this way.
 *
 * Waits poll the screen for a condition with a generous bound; nothing depends on timing.
 *
 * @module
 */

import { join } from "node:path";

/** Longest wait for something to appear on the screen (the machine may be very busy). */
export const SCREEN_WAIT_MS = 240_000;
const POLL_MS = 100;
/** How long a command that ended gets for its last output to reach the screen. */
const ENDED_GRACE_MS = 5_000;

/** True when tmux can be used here. */
export function hasTmux(): boolean {
  try {
    return new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** One tmux pane running one command. */
export class TmuxPane {
  readonly #socket: string;
  readonly #dir: string;
  readonly #status: string;

  private constructor(dir: string) {
    this.#dir = dir;
    this.#socket = join(dir, "tmux.sock");
    this.#status = join(dir, "status");
  }

  /**
   * Starts `command` (run by `sh -c`) in a new pane of `columns` × `rows` (default 220 × 50) with working directory
   * `cwd` and exactly the environment `env` (plus TERM). The pane stays after the command ends,
   * so its exit status can be read.
   */
  static async start(
    command: string,
    options: { cwd: string; env: Record<string, string>; columns?: number; rows?: number },
  ): Promise<TmuxPane> {
    const dir = Deno.makeTempDirSync({ prefix: "plico-tmux-" });
    const pane = new TmuxPane(dir);
    const config = join(dir, "tmux.conf");
    Deno.writeTextFileSync(
      config,
      "set -g remain-on-exit on\nset -g history-limit 10000\nset -g status off\n",
    );
    // tmux sometimes marks a pane dead without recording how its process ended, so a wrapper
    // writes the exit status to a file. Its own SIGINT trap keeps it alive to do so when the
    // command dies of Ctrl-C (the command itself gets the default action: a caught signal is
    // reset in children, unlike an ignored one).
    const script = join(dir, "run.sh");
    Deno.writeTextFileSync(
      script,
      `trap true INT\n${command}\necho $? > ${pane.#status}.tmp && mv ${pane.#status}.tmp ` +
        `${pane.#status}\n`,
    );
    await pane.#tmux(
      ["-f", config, "new-session", "-d", "-s", "t", "-x", String(options.columns ?? 220)]
        .concat(["-y", String(options.rows ?? 50), "-c", options.cwd, `sh ${script}`]),
      { ...options.env, TERM: "xterm-256color" },
    );
    return pane;
  }

  async #tmux(args: string[], env?: Record<string, string>): Promise<string> {
    const out = await new Deno.Command("tmux", {
      args: ["-S", this.#socket, ...args],
      clearEnv: env !== undefined,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(`tmux ${args[0]} failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    return new TextDecoder().decode(out.stdout);
  }

  /** Everything the pane has shown, wrapped lines joined, trailing blank lines dropped. */
  async screen(): Promise<string> {
    const text = await this.#tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", "t"]);
    return text.replace(/\s+$/, "");
  }

  /** Types `text` literally (no key names). */
  async type(text: string): Promise<void> {
    await this.#tmux(["send-keys", "-t", "t", "-l", text]);
  }

  /**
   * Pastes `text` the way a terminal without bracketed paste does: all of it at once, as if
   * typed, newlines included.
   */
  async paste(text: string): Promise<void> {
    await this.#tmux(["set-buffer", "-b", "paste", text]);
    await this.#tmux(["paste-buffer", "-d", "-b", "paste", "-t", "t"]);
  }

  /** Sends named keys, e.g. "Enter", "C-c". */
  async keys(...names: string[]): Promise<void> {
    await this.#tmux(["send-keys", "-t", "t", ...names]);
  }

  /** The exit status once the command ended, else null (130 for a death by Ctrl-C). */
  exitStatus(): Promise<number | null> {
    try {
      return Promise.resolve(Number(Deno.readTextFileSync(this.#status).trim()));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return Promise.resolve(null);
      throw e;
    }
  }

  /** Polls until `test(screen)` holds; throws with the screen when it never does. */
  async waitFor(test: (screen: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + SCREEN_WAIT_MS;
    for (;;) {
      const screen = await this.screen();
      if (test(screen)) return screen;
      const status = await this.exitStatus();
      if (status !== null) {
        // It may have written its last words and ended between the two reads above, and tmux
        // may not have drawn them yet: the screen gets a last moment to show them.
        const last = await this.#settledScreen(test);
        if (test(last)) return last;
        throw new Error(
          `the command ended (${status}) before ${what}; the screen shows:\n${last}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; the screen shows:\n${screen}`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** The screen once `test` holds or after `ENDED_GRACE_MS`, for a command that ended. */
  async #settledScreen(test: (screen: string) => boolean): Promise<string> {
    const until = Date.now() + ENDED_GRACE_MS;
    for (;;) {
      const screen = await this.screen();
      if (test(screen) || Date.now() > until) return screen;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Waits until the screen ends with a line matching `prompt`. */
  waitForPrompt(prompt: RegExp): Promise<string> {
    return this.waitFor((s) => prompt.test(s.split("\n").at(-1) ?? ""), `the prompt ${prompt}`);
  }

  /** Waits for the command to end; resolves to its exit status. */
  async exited(): Promise<number> {
    const deadline = Date.now() + SCREEN_WAIT_MS;
    for (;;) {
      const status = await this.exitStatus();
      if (status !== null) return status;
      if (Date.now() > deadline) {
        throw new Error(`the command did not end; the screen shows:\n${await this.screen()}`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Stops the tmux server and removes its directory. */
  async close(): Promise<void> {
    await this.#tmux(["kill-server"]).catch(() => {});
    Deno.removeSync(this.#dir, { recursive: true });
  }
}
