/** `plico profile create`. @module */

import { createProfile } from "../../../application/create_profile.ts";
import { enforcePassphrasePolicy } from "../../../domain/passphrase_policy.ts";
import type { Deps } from "../../../application/deps.ts";
import { isPlicoError, PlicoError } from "../../../domain/errors.ts";
import type { Command, CommandContext, Values } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP } from "../common_options.ts";
import { hasPassphraseSource, readPassphrase } from "../passphrase_source.ts";
import { TERMINAL_TRIES, withDeps } from "../with_profile.ts";

/** Codes a person at the terminal can fix by typing again. */
const RETRYABLE = ["passphrase.weak", "passphrase.mismatch", "passphrase.empty"] as const;

/**
 * The new passphrase, checked against the policy before the slow key derivation. At a terminal
 * a refused one is asked again (up to `TERMINAL_TRIES` times) with the reasons shown.
 */
async function newPassphrase(ctx: CommandContext, values: Values, dir: string): Promise<string> {
  const interactive = !hasPassphraseSource(values);
  for (let attempt = 1;; attempt++) {
    try {
      const passphrase = await readPassphrase(ctx.io, values, `New passphrase for ${dir}`, true);
      enforcePassphrasePolicy(passphrase);
      return passphrase;
    } catch (e) {
      const retry = interactive && attempt < TERMINAL_TRIES &&
        RETRYABLE.some((code) => isPlicoError(e, code));
      if (!retry) throw e;
      ctx.io.err(`${(e as Error).message}; try again.\n`);
    }
  }
}

/**
 * Asks the OS credential store whether it can be used before a passphrase is typed twice for
 * nothing; without one, the only way on is explicit consent to `--passphrase-only`.
 */
async function probeCredentialStore(deps: Deps): Promise<void> {
  const consent = "; to create a profile protected by the passphrase alone, add --passphrase-only";
  if (deps.platform === null) {
    throw new PlicoError(
      "platform.unavailable",
      `this system has no supported OS credential store${consent}`,
    );
  }
  try {
    await deps.platform.probe();
  } catch (e) {
    if (isPlicoError(e) && e.code.startsWith("platform.")) {
      throw new PlicoError(e.code, `${e.message}${consent}`);
    }
    throw e;
  }
}

export const profileCreateCommand: Command = {
  name: ["profile", "create"],
  summary: "create a new device profile protected by a passphrase",
  args: "",
  help: `${PROFILE_OPTIONS_HELP}
  --passphrase-only      consent to a profile protected by the passphrase alone, when no OS
                         credential store (Secret Service, Keychain, DPAPI) is usable

The passphrase must have at least 12 characters and not be trivially guessable; on a terminal
it is asked twice without echo. The device key is bound to the OS credential store, so a copy
of the profile directory is useless without your OS session.`,
  examples: [
    "plico profile create",
    "plico profile create --profile ~/plico-alice --passphrase-only",
  ],
  options: { ...PROFILE_OPTIONS, "passphrase-only": { type: "boolean" } },
  positionals: [0, 0],
  run(ctx, values) {
    return withDeps(ctx, values, async (deps, dir) => {
      if (deps.repo.exists()) {
        // Checked before asking for a passphrase, so nobody types one for nothing.
        throw new PlicoError("profile.exists", `a profile already exists at ${dir}`);
      }
      if (!flag(values, "passphrase-only")) await probeCredentialStore(deps);
      const passphrase = await newPassphrase(ctx, values, dir);
      const created = await createProfile(deps, {
        passphrase,
        passphraseOnly: flag(values, "passphrase-only"),
      });
      if (flag(values, "json")) {
        ctx.io.out(json({
          profileId: created.profileId,
          location: created.location,
          createdAt: new Date(created.createdAt).toISOString(),
          binding: created.binding,
          argon2: created.argon2,
        }));
      } else {
        ctx.io.out(
          `Created profile ${created.profileId} in ${created.location} (${created.binding})\n`,
        );
      }
      if (created.binding === "passphrase-only") {
        ctx.io.err(
          "warning: this profile is protected by its passphrase alone; bind it later with " +
            "'plico profile bind' when an OS credential store is available.\n",
        );
      }
      return 0;
    });
  },
};
