import assert from "node:assert/strict";
import { isNoTerminal, noTerminal } from "../../../adapters/cli/cli_io.ts";
import { PlicoError } from "../../../domain/errors.ts";

Deno.test("only the no-terminal refusal counts as one (plico shell rewords that one alone)", () => {
  assert.ok(isNoTerminal(noTerminal("give the passphrase with --passphrase-file PATH")));
  // A paste refused at a terminal that exists keeps its own words.
  const pasted = new PlicoError(
    "passphrase.unavailable",
    "several lines arrived at once at the passphrase prompt (pasted text?); none was used",
  );
  assert.equal(isNoTerminal(pasted), false);
  assert.equal(
    isNoTerminal(new PlicoError("passphrase.unavailable", "the terminal closed")),
    false,
  );
  assert.equal(isNoTerminal(new PlicoError("usage", "no terminal to ask on")), false);
  assert.equal(isNoTerminal(new Error("no terminal to ask on")), false);
});
