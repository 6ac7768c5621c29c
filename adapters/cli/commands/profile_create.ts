/** `plico profile create`. @module */

import { createProfile } from "../../../application/create_profile.ts";
import { PlicoError } from "../../../domain/errors.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { readPassphrase } from "../passphrase_source.ts";
import { resolveProfileDir } from "../profile_location.ts";

export const profileCreateCommand: Command = {
  name: ["profile", "create"],
  summary: "create a new device profile protected by a passphrase",
  args: "",
  help: `${PROFILE_OPTIONS_HELP}

The passphrase must have at least 12 characters and not be trivially guessable; on a terminal
it is asked twice without echo.`,
  options: PROFILE_OPTIONS,
  positionals: [0, 0],
  async run(ctx, values) {
    const dir = resolveProfileDir(ctx.io, str(values, "profile"));
    const deps = ctx.deps(dir);
    try {
      if (deps.repo.exists()) {
        // Checked before asking for a passphrase, so nobody types one for nothing.
        throw new PlicoError("profile.exists", `a profile already exists at ${dir}`);
      }
      const passphrase = await readPassphrase(ctx.io, values, "New passphrase", true);
      const created = await createProfile(deps, { passphrase });
      if (flag(values, "json")) {
        ctx.io.out(json({
          profileId: created.profileId,
          location: created.location,
          createdAt: new Date(created.createdAt).toISOString(),
          argon2: created.argon2,
        }));
      } else {
        ctx.io.out(`Created profile ${created.profileId} in ${created.location}\n`);
      }
      return 0;
    } finally {
      deps.repo.close();
    }
  },
};
