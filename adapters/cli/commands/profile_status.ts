/** `plico profile status`: public facts, no passphrase needed. @module */

import { profileStatus, statusFacts } from "../../../application/profile_status.ts";
import type { Command } from "../command.ts";
import { flag, json } from "../common_options.ts";
import { withDeps } from "../with_profile.ts";
import { showWarnings } from "../warnings.ts";
import { PASSPHRASE_ONLY_WARNING } from "../../../application/unlock_profile.ts";

export const profileStatusCommand: Command = {
  name: ["profile", "status"],
  summary: "show the profile's binding, Argon2id parameters, lockout state and session count",
  args: "",
  help: `  --profile DIR          profile directory (default: $PLICO_HOME, else the XDG data dir)
  --json                 machine-readable output (errors too: one JSON line on stdout)
  -q, --quiet            do not show the passphrase-only warning

Needs no passphrase: it shows only what the profile stores in clear.`,
  examples: ["plico profile status", "plico profile status --json"],
  options: {
    profile: { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean", short: "q" },
  },
  positionals: [0, 0],
  run(ctx, values) {
    return withDeps(ctx, values, async (deps) => {
      const s = await profileStatus(deps);
      const facts = statusFacts(s);
      if (flag(values, "json")) ctx.io.out(json(facts));
      else {
        ctx.io.out(
          `Location  ${facts.location}\n` +
            `Binding   ${facts.binding}\n` +
            `Argon2id  t=${s.argon2.iterations}, m=${s.argon2.memoryKiB} KiB, ` +
            `p=${s.argon2.parallelism}\n` +
            `Unlock    ${facts.lockout}` +
            (s.failedAttempts ? ` (${s.failedAttempts} failed attempt(s))` : "") +
            (facts.retryAt ? `, next attempt after ${facts.retryAt}` : "") + "\n" +
            `Sessions  ${facts.sessions}\n`,
        );
      }
      if (s.binding === "passphrase-only") {
        showWarnings(ctx, values, s.location, [PASSPHRASE_ONLY_WARNING], true);
      }
      return 0;
    });
  },
};
