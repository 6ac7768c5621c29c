import assert from "node:assert/strict";
import { NEUTRAL_NAME_PATTERN } from "../../../adapters/ui-web/download_name.ts";
import { SAFETY_CODE_MAX_FAILURES } from "../../../domain/limits.ts";
import { codeOf, UiClient } from "./ui_client.ts";

function flipDigit(code: string): string {
  return code.replace(/^./, (d) => String((Number(d) + 1) % 10));
}

Deno.test("two profiles set up a session through the UI: files, safety code typed, continuity", async () => {
  const alice = new UiClient();
  const bob = new UiClient();
  try {
    await alice.createProfile();
    await bob.createProfile();

    const init = await alice.api("sessions/new", { label: "Bob", armor: true, window: 0 });
    assert.equal(init.status, 200, JSON.stringify(init.body));
    assert.match(init.body.file.name, NEUTRAL_NAME_PATTERN);
    assert.ok(init.body.file.name.endsWith(".txt"));
    assert.match(atob(init.body.file.base64), /^-----BEGIN PLICO INITIATOR-----\n/);
    const again = await alice.api("sessions/new", { label: "Bob" });
    assert.equal(codeOf(again.body), "session.exists");
    const badWindow = await alice.api("sessions/new", { label: "Carol", window: 5000 });
    assert.equal(badWindow.status, 400);

    const answer = await bob.api("sessions/answer", {
      label: "Alice",
      file: init.body.file.base64,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(answer.body.myCode, /^\d{5}( \d{5}){5}$/);
    assert.equal(answer.body.peerCode, undefined);
    assert.deepEqual(answer.body.continuity, {
      sameIdentityAs: [],
      labelReusedWithOtherIdentity: false,
    });
    assert.equal(answer.body.repeated, false);
    assert.equal(answer.body.file.type, "application/octet-stream");
    const repeat = await bob.api("sessions/answer", {
      label: "Alice",
      file: init.body.file.base64,
    });
    assert.equal(repeat.body.repeated, true);
    assert.equal(repeat.body.file.base64, answer.body.file.base64);

    const garbage = await alice.api("sessions/finish", { file: btoa("not a responder file") });
    assert.equal(garbage.status, 422);
    assert.equal(codeOf(garbage.body), "input.malformed");
    const notBase64 = await alice.api("sessions/finish", { file: "%%%%" });
    assert.equal(notBase64.status, 400);

    const finish = await alice.api("sessions/finish", { file: answer.body.file.base64 });
    assert.equal(finish.status, 200, JSON.stringify(finish.body));
    assert.match(finish.body.myCode, /^\d{5}( \d{5}){5}$/);
    assert.notEqual(finish.body.myCode, answer.body.myCode);
    assert.ok(!JSON.stringify(finish.body).includes(answer.body.myCode));
    assert.equal(finish.body.label, "Bob");

    const listed = await alice.api("sessions/list");
    assert.equal(listed.body.sessions[0].state, "unconfirmed");
    assert.equal(listed.body.sessions[0].attemptsLeft, SAFETY_CODE_MAX_FAILURES);

    const code = answer.body.myCode;
    // Before confirmation the session shows only Alice's own code, never the one she must type.
    const early = await alice.api("sessions/show", { label: "Bob" });
    assert.equal(early.body.session.myCode, finish.body.myCode);
    assert.equal(early.body.session.peerCode, null);
    assert.ok(!JSON.stringify(early.body).includes(code));
    // Typing her own code: a clear message, and no attempt is used.
    for (let i = 0; i <= SAFETY_CODE_MAX_FAILURES; i++) {
      const own = await alice.api("sessions/confirm", { label: "Bob", code: finish.body.myCode });
      assert.equal(own.status, 400);
      assert.equal(codeOf(own.body), "session.own_code");
      assert.match(JSON.stringify(own.body), /that is your own code: type the one your peer reads/);
    }
    assert.equal((await alice.api("sessions/list")).body.sessions[0].attemptsLeft, 5);
    const miss = await alice.api("sessions/confirm", { label: "Bob", code: flipDigit(code) });
    assert.deepEqual(miss.body, { confirmed: false, label: "Bob", attemptsLeft: 4 });
    const notACode = await alice.api("sessions/confirm", { label: "Bob", code: "12345" });
    assert.equal(notACode.status, 400);
    const shown = await alice.api("sessions/show", { label: "Bob" });
    assert.equal(shown.body.session.attemptsLeft, 4);
    assert.equal(shown.body.session.peerCode, null);

    const hit = await alice.api("sessions/confirm", {
      label: "Bob",
      code: code.replaceAll(" ", "-"),
    });
    assert.deepEqual(hit.body, { confirmed: true, label: "Bob" });
    assert.equal((await alice.api("sessions/list")).body.sessions[0].state, "active");
    // Once confirmed, both codes can be read again.
    const after = await alice.api("sessions/show", { label: "Bob" });
    assert.equal(after.body.session.myCode, finish.body.myCode);
    assert.equal(after.body.session.peerCode, code);

    const exported = await bob.api("sessions/export", { label: "Alice" });
    assert.equal(exported.body.file.base64, answer.body.file.base64);
    assert.match(exported.body.file.name, NEUTRAL_NAME_PATTERN);
    assert.ok(exported.body.file.name.endsWith(".bin"));
    assert.notEqual(exported.body.file.name, answer.body.file.name); // fresh every time

    assert.deepEqual((await bob.api("sessions/remove", { label: "Alice" })).body, {
      removed: true,
    });
    assert.deepEqual((await bob.api("sessions/list")).body.sessions, []);
    assert.equal(
      codeOf((await bob.api("sessions/remove", { label: "Alice" })).body),
      "session.not_found",
    );

    // Bob answers a second initiator file from the same Alice under the same label: continuity.
    const second = await alice.api("sessions/new", { label: "Bob again" });
    const secondAnswer = await bob.api("sessions/answer", {
      label: "Alice",
      file: second.body.file.base64,
    });
    assert.deepEqual(secondAnswer.body.continuity, {
      sameIdentityAs: ["Alice"],
      labelReusedWithOtherIdentity: false,
    });
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

Deno.test("after five wrong codes a session is refused and can only be removed", async () => {
  const alice = new UiClient();
  const bob = new UiClient();
  try {
    await alice.createProfile();
    await bob.createProfile();
    const init = await alice.api("sessions/new", { label: "Bob" });
    const answer = await bob.api("sessions/answer", {
      label: "Alice",
      file: init.body.file.base64,
    });
    const wrong = flipDigit(answer.body.myCode);
    for (let left = SAFETY_CODE_MAX_FAILURES - 1; left >= 0; left--) {
      const r = await bob.api("sessions/confirm", { label: "Alice", code: wrong });
      assert.equal(r.body.attemptsLeft, left);
    }
    const late = await bob.api("sessions/confirm", {
      label: "Alice",
      code: flipDigit(wrong),
    });
    assert.equal(late.status, 409);
    assert.equal(codeOf(late.body), "session.wrong_state");
    assert.equal((await bob.api("sessions/list")).body.sessions[0].state, "refused");
    assert.equal(
      codeOf((await bob.api("sessions/export", { label: "Alice" })).body),
      "session.wrong_state",
    );
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});
