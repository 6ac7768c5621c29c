/** `plico profile status`. @module */

import { unlockProfile } from "../../../application/unlock_profile.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { readPassphrase } from "../passphrase_source.ts";
import { resolveProfileDir } from "../profile_location.ts";

export const profileStatusCommand: Command = {
  name: ["profile", "status"],
  summary: "unlock the profile and show its basic facts",
  args: "",
  help: PROFILE_OPTIONS_HELP,
  options: PROFILE_OPTIONS,
  positionals: [0, 0],
  async run(ctx, values) {
    const dir = resolveProfileDir(ctx.io, str(values, "profile"));
    const deps = ctx.deps(dir);
    try {
      deps.repo.readHeader(); // a missing profile is reported before a passphrase is asked
      const passphrase = await readPassphrase(ctx.io, values, "Passphrase");
      const profile = await unlockProfile(deps, passphrase);
      try {
        const { info, header } = profile;
        const facts = {
          profileId: info.profileId,
          location: dir,
          createdAt: new Date(info.createdAt).toISOString(),
          binding: header.binding,
          argon2: header.argon2,
        };
        if (flag(values, "json")) ctx.io.out(json(facts));
        else {
          ctx.io.out(
            `Profile   ${facts.profileId}\n` +
              `Location  ${facts.location}\n` +
              `Created   ${facts.createdAt}\n` +
              `Binding   ${facts.binding}\n` +
              `Argon2id  t=${header.argon2.iterations}, m=${header.argon2.memoryKiB} KiB, ` +
              `p=${header.argon2.parallelism}\n`,
          );
        }
        return 0;
      } finally {
        profile.lock();
      }
    } finally {
      deps.repo.close();
    }
  },
};
