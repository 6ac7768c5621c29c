/** `plico version`. @module */

import { type Command, NO_RIGHTS } from "../command.ts";
import { flag, json } from "../common_options.ts";

export const versionCommand: Command = {
  name: ["version"],
  summary: "print the version",
  args: "",
  help: "  --json                 machine-readable output",
  examples: ["plico version"],
  options: { json: { type: "boolean" } },
  rights: NO_RIGHTS,
  positionals: [0, 0],
  run(ctx, values) {
    ctx.io.out(flag(values, "json") ? json({ version: ctx.version }) : `plico ${ctx.version}\n`);
    return Promise.resolve(0);
  },
};
