/** `plico profile accept-copy`: the way out of `profile.rolled_back` (PROTOCOL §2.6). @module */

import { acceptProfileCopy } from "../../../application/accept_profile_copy.ts";
import { PlicoError } from "../../../domain/errors.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP } from "../common_options.ts";
import { readPassphrase } from "../passphrase_source.ts";
import { withDeps } from "../with_profile.ts";

export const profileAcceptCopyCommand: Command = {
  name: ["profile", "accept-copy"],
  summary: "use an older copy of the profile anyway: removes its sessions, keeps the identity",
  args: "",
  help: `${PROFILE_OPTIONS_HELP}
  --remove-sessions  required: every session is removed and must be set up again

Only for a profile refused with profile.rolled_back when no newer copy exists. Its sessions may
be older than envelopes already opened, so they are removed; the identity, known peers and the
record of opened envelopes stay.`,
  examples: ["plico profile accept-copy --remove-sessions"],
  options: { ...PROFILE_OPTIONS, "remove-sessions": { type: "boolean" } },
  positionals: [0, 0],
  run(ctx, values) {
    if (!flag(values, "remove-sessions")) {
      throw new PlicoError(
        "usage",
        "accept-copy removes every session of the profile; confirm with --remove-sessions",
      );
    }
    return withDeps(ctx, values, async (deps) => {
      deps.repo.readHeader();
      const passphrase = await readPassphrase(
        ctx.io,
        values,
        `Passphrase for ${deps.repo.location}`,
      );
      const { sessionsRemoved } = await acceptProfileCopy(deps, passphrase);
      if (flag(values, "json")) ctx.io.out(json({ accepted: true, sessionsRemoved }));
      else {
        ctx.io.out(
          `This copy of the profile is now the latest. ${sessionsRemoved} session(s) were ` +
            `removed: set up new ones with your peers (they will see the same identity).\n`,
        );
      }
      return 0;
    });
  },
};
