/** `plico ui`: the browser UI on 127.0.0.1, until Ctrl-C. @module */

import {
  UI_IDLE_LOCK_DEFAULT_MS,
  UI_IDLE_LOCK_MAX_MINUTES,
  UI_IDLE_LOCK_MIN_MINUTES,
} from "../../../domain/limits.ts";
import { serveUi } from "../../ui-web/serve_ui.ts";
import type { Command } from "../command.ts";
import { str, wholeNumber } from "../common_options.ts";
import { resolveProfileDir } from "../profile_location.ts";

/** Resolves on Ctrl-C (SIGINT) or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
    const stop = () => {
      for (const s of signals) Deno.removeSignalListener(s, stop);
      resolve();
    };
    for (const s of signals) Deno.addSignalListener(s, stop);
  });
}

export const uiCommand: Command = {
  name: ["ui"],
  summary: "serve the browser UI on this computer (127.0.0.1 only) until Ctrl-C",
  args: "",
  help: `  --profile DIR          profile directory (default: $PLICO_HOME, else the XDG data dir)
  --port N               listen on this port (default: a random free port)
  --lock-after MINUTES   lock the profile after this long without activity (default ${
    UI_IDLE_LOCK_DEFAULT_MS / 60_000
  })

Prints a link with a one-time token; open it in your browser on this computer. Plico never
starts a browser itself and answers only on 127.0.0.1. Ctrl-C stops it and locks the profile.`,
  examples: ["plico ui", "plico ui --profile ~/plico-alice --lock-after 5"],
  options: {
    profile: { type: "string" },
    port: { type: "string" },
    "lock-after": { type: "string" },
  },
  rights: { loopback: true, credentialStore: true, env: true },
  positionals: [0, 0],
  async run(ctx, values) {
    const dir = resolveProfileDir(ctx.io, str(values, "profile"));
    const port = wholeNumber(values, "port", 1, 65535) ?? 0;
    const minutes = wholeNumber(
      values,
      "lock-after",
      UI_IDLE_LOCK_MIN_MINUTES,
      UI_IDLE_LOCK_MAX_MINUTES,
    );
    const { random } = ctx.deps(dir); // a repository opens nothing until it is used
    const server = serveUi(
      { deps: () => ctx.deps(dir), random, carrierDeps: () => ctx.carrierDeps() },
      { port, idleLockMs: minutes === undefined ? undefined : minutes * 60_000 },
    );
    const stopped = untilStopped();
    ctx.io.out(
      `Plico UI for the profile in ${dir}\n` +
        `Open this link in your browser on this computer (it works once):\n\n` +
        `    ${server.url}\n\n` +
        `Press Ctrl-C to stop; the profile locks.\n`,
    );
    await stopped;
    await server.shutdown();
    ctx.io.err("Plico UI stopped; the profile is locked.\n");
    return 0;
  },
};
