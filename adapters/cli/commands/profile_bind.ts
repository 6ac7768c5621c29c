/** `plico profile bind`: bind a passphrase-only profile to the OS credential store. @module */

import { bindProfile } from "../../../application/bind_profile.ts";
import type { Command } from "../command.ts";
import { PROFILE_OPTIONS, PROFILE_OPTIONS_HELP } from "../common_options.ts";
import { unlockWithTries, withDeps } from "../with_profile.ts";

export const profileBindCommand: Command = {
  name: ["profile", "bind"],
  summary: "bind a passphrase-only profile to the OS credential store",
  args: "",
  help: PROFILE_OPTIONS_HELP,
  examples: ["plico profile bind"],
  options: PROFILE_OPTIONS,
  positionals: [0, 0],
  run(ctx, values) {
    return withDeps(ctx, values, async (deps, dir) => {
      deps.repo.readHeader();
      const kind = await unlockWithTries(ctx, values, dir, (p) => bindProfile(deps, p));
      ctx.io.out(`Profile bound to the ${kind} credential store.\n`);
      return 0;
    });
  },
};
