/** `plico profile unlock`: check the passphrase and show the private facts. @module */

import { toHex } from "../../../domain/bytes.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP } from "../common_options.ts";
import { withProfile } from "../with_profile.ts";

export const profileUnlockCommand: Command = {
  name: ["profile", "unlock"],
  summary: "check the passphrase: unlock and show the profile id, creation date and identity",
  args: "",
  help: PROFILE_OPTIONS_HELP,
  examples: ["plico profile unlock", "plico profile unlock --profile /media/usb/plico"],
  options: PROFILE_OPTIONS,
  positionals: [0, 0],
  run(ctx, values) {
    return withProfile(ctx, values, (deps, profile) => {
      const { info, header } = profile;
      const facts = {
        profileId: info.profileId,
        location: deps.repo.location,
        createdAt: new Date(info.createdAt).toISOString(),
        binding: header.binding,
        argon2: header.argon2,
        identity: toHex(deps.crypto.ed25519PublicKey(info.identitySecret)),
      };
      if (flag(values, "json")) ctx.io.out(json(facts));
      else {
        ctx.io.out(
          `Unlocked profile ${facts.profileId}\n` +
            `Location  ${facts.location}\n` +
            `Created   ${facts.createdAt}\n` +
            `Binding   ${facts.binding}\n` +
            `Identity  ${facts.identity}\n`,
        );
      }
      return 0;
    }, { alwaysWarn: true });
  },
};
