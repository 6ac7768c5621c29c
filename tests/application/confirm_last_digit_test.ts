/**
 * A safety code wrong only in its last digit (or only in one middle digit) is a mismatch at
 * the use-case level too: counted, the session stays unconfirmed and cannot seal, and the
 * right code still confirms. Guards the comparison's full length through the whole path
 * (normalising, constant-time compare, counting), not only in the domain function.
 *
 * @module
 */

import assert from "node:assert/strict";
import { answerSession } from "../../application/answer_session.ts";
import { confirmSession } from "../../application/confirm_session.ts";
import { finishSession } from "../../application/finish_session.ts";
import { showSession } from "../../application/session_queries.ts";
import { startSession } from "../../application/start_session.ts";
import { formatSafetyCode } from "../../domain/safety_code.ts";
import { makeParties } from "../support/two_profiles.ts";

/** `code` with the digit at `index` changed. */
function oneDigitOff(code: string, index: number): string {
  const digits = code.replace(/\D/g, "");
  const changed = String((Number(digits[index]) + 1) % 10);
  return formatSafetyCode(digits.slice(0, index) + changed + digits.slice(index + 1));
}

Deno.test("confirmSession() refuses a code wrong only in its last or one middle digit", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const init = startSession(alice!.deps, alice!.profile, "Bob");
    const answer = answerSession(bob!.deps, bob!.profile, init.file, "Alice");
    finishSession(alice!.deps, alice!.profile, answer.file);
    const right = answer.myCode; // Bob reads it aloud, Alice types it (PROTOCOL-handshake §10)
    const digits = right.replace(/\D/g, "").length;
    for (const [i, index] of [digits - 1, Math.floor(digits / 2) + 2].entries()) {
      const miss = confirmSession(alice!.deps, alice!.profile, "Bob", oneDigitOff(right, index));
      assert.equal(miss.confirmed, false, `digit ${index}`);
      assert.equal(showSession(alice!.profile, "Bob").confirmFailures, i + 1);
      assert.equal(showSession(alice!.profile, "Bob").state, "unconfirmed");
    }
    assert.equal(confirmSession(alice!.deps, alice!.profile, "Bob", right).confirmed, true);
    assert.equal(showSession(alice!.profile, "Bob").state, "active");
  } finally {
    close();
  }
});
