/** `plico profile passphrase`: change the passphrase. @module */

import { changePassphrase } from "../../../application/change_passphrase.ts";
import { PlicoError } from "../../../domain/errors.ts";
import type { Command } from "../command.ts";
import { PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { readPassphrase } from "../passphrase_source.ts";
import { withDeps } from "../with_profile.ts";

export const profilePassphraseCommand: Command = {
  name: ["profile", "passphrase"],
  summary: "change the passphrase (the old one keeps working until the change is complete)",
  args: "",
  help: `${PROFILE_OPTIONS_HELP}
  --new-passphrase-file PATH  read the new passphrase from a file (else asked twice)`,
  examples: ["plico profile passphrase"],
  options: { ...PROFILE_OPTIONS, "new-passphrase-file": { type: "string" } },
  positionals: [0, 0],
  run(ctx, values) {
    return withDeps(ctx, values, async (deps, dir) => {
      deps.repo.readHeader();
      const oldPassphrase = await readPassphrase(
        ctx.io,
        values,
        `Current passphrase for ${dir}`,
      );
      const newFile = str(values, "new-passphrase-file");
      if (newFile === undefined && str(values, "passphrase-fd") !== undefined) {
        throw new PlicoError(
          "usage",
          "with --passphrase-fd, give the new one by --new-passphrase-file",
        );
      }
      const newPassphrase = await readPassphrase(
        ctx.io,
        newFile === undefined ? {} : { "passphrase-file": newFile },
        "New passphrase",
        true,
      );
      await changePassphrase(deps, oldPassphrase, newPassphrase);
      ctx.io.out("Passphrase changed.\n");
      return 0;
    });
  },
};
