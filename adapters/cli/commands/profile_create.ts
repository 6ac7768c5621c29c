/** `plico profile create`. @module */

import { createProfile } from "../../../application/create_profile.ts";
import { PlicoError } from "../../../domain/errors.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP } from "../common_options.ts";
import { readPassphrase } from "../passphrase_source.ts";
import { withDeps } from "../with_profile.ts";

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
  options: { ...PROFILE_OPTIONS, "passphrase-only": { type: "boolean" } },
  positionals: [0, 0],
  run(ctx, values) {
    return withDeps(ctx, values, async (deps, dir) => {
      if (deps.repo.exists()) {
        // Checked before asking for a passphrase, so nobody types one for nothing.
        throw new PlicoError("profile.exists", `a profile already exists at ${dir}`);
      }
      const passphrase = await readPassphrase(ctx.io, values, "New passphrase", true);
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
