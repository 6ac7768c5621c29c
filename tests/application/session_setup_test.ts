import assert from "node:assert/strict";
import { answerSession } from "../../application/answer_session.ts";
import { confirmSession, OWN_CODE_MESSAGE } from "../../application/confirm_session.ts";
import { finishSession } from "../../application/finish_session.ts";
import { decodeSessionKeys } from "../../application/session_keys.ts";
import { listSessions, removeSession, showSession } from "../../application/session_queries.ts";
import { findSession, listSessionRows } from "../../application/session_record.ts";
import { startSession } from "../../application/start_session.ts";
import type { Vault } from "../../application/ports.ts";
import { armor } from "../../domain/armor.ts";
import { utf8 } from "../../domain/bytes.ts";
import { isPlicoError } from "../../domain/errors.ts";
import { INITIATOR_FILE_MAX_AGE_MS } from "../../domain/limits.ts";
import { makeParties, type Party } from "../support/two_profiles.ts";

function snapshot(vault: Vault): string {
  return JSON.stringify(
    listSessionRows(vault).map((
      r,
    ) => [r.label, r.meta, Array.from(r.keys), Array.from(r.setupFile)]),
  );
}

function handshake(alice: Party, bob: Party) {
  const init = startSession(alice.deps, alice.profile, "Bob");
  const answer = answerSession(bob.deps, bob.profile, init.file, "Alice");
  const finish = finishSession(alice.deps, alice.profile, answer.file);
  return { init, answer, finish };
}

Deno.test("two profiles agree on the root secret; each expects the code the other reads", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const { answer, finish } = handshake(alice!, bob!);
    assert.notEqual(finish.myCode, answer.myCode);
    assert.equal(findSession(alice!.profile.vault, "Bob").meta.peerCode, answer.myCode);
    assert.equal(findSession(bob!.profile.vault, "Alice").meta.peerCode, finish.myCode);
    const a = decodeSessionKeys(findSession(alice!.profile.vault, "Bob").keys);
    const b = decodeSessionKeys(findSession(bob!.profile.vault, "Alice").keys);
    assert.deepEqual(a.rootKey, b.rootKey);
    assert.deepEqual(a.transcriptHash, b.transcriptHash);
    assert.deepEqual(a.ownRatchet.publicKey, b.peerRatchetPublic);
    assert.deepEqual(a.peerKemPublic, b.ownKem.publicKey);
    assert.deepEqual(b.peerKemPublic, a.ownKem.publicKey);
  } finally {
    close();
  }
});

Deno.test("a session becomes active only when the entered code matches; mismatches are counted", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const { answer, finish } = handshake(alice!, bob!);
    assert.equal(listSessions(alice!.profile)[0]!.state, "unconfirmed");
    const wrong = answer.myCode.replace(/^./, (d) => String((Number(d) + 1) % 10));
    const miss = confirmSession(alice!.deps, alice!.profile, "Bob", wrong);
    assert.deepEqual(miss, { confirmed: false, label: "Bob", attemptsLeft: 4 });
    assert.equal(showSession(alice!.profile, "Bob").confirmFailures, 1);
    assert.throws(
      () => confirmSession(alice!.deps, alice!.profile, "Bob", "12345"),
      (e) => isPlicoError(e, "usage"),
    );
    const spaced = answer.myCode.replace(/(\d{5})/g, "$1 ").trim();
    assert.equal(confirmSession(alice!.deps, alice!.profile, "Bob", spaced).confirmed, true);
    assert.equal(showSession(alice!.profile, "Bob").state, "active");
    assert.equal(
      confirmSession(bob!.deps, bob!.profile, "Alice", finish.myCode.replace(/(\d{5})/g, "$1-"))
        .confirmed,
      true,
    );
  } finally {
    close();
  }
});

Deno.test("typing one's own code is refused with a clear message and uses no attempt", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const { answer, finish } = handshake(alice!, bob!);
    const before = snapshot(alice!.profile.vault);
    for (const typed of [finish.myCode, finish.myCode.replace(/(\d{5})/g, "$1 ").trim()]) {
      // Six times: more than the five attempts a session has, and none of them is used.
      for (let i = 0; i < 6; i++) {
        assert.throws(
          () => confirmSession(alice!.deps, alice!.profile, "Bob", typed),
          (e) => isPlicoError(e, "session.own_code") && e.message === OWN_CODE_MESSAGE,
        );
      }
    }
    assert.equal(snapshot(alice!.profile.vault), before);
    assert.equal(showSession(alice!.profile, "Bob").confirmFailures, 0);
    assert.throws(
      () => confirmSession(bob!.deps, bob!.profile, "Alice", answer.myCode),
      (e) => isPlicoError(e, "session.own_code") && /your own code/.test(e.message),
    );
    assert.equal(confirmSession(alice!.deps, alice!.profile, "Bob", answer.myCode).confirmed, true);
  } finally {
    close();
  }
});

Deno.test("showSession gives the own code, and the peer's code only once confirmed", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const { answer, finish } = handshake(alice!, bob!);
    const spaced = (c: string) => c.replace(/(\d{5})(?=\d)/g, "$1 ");
    const before = showSession(alice!.profile, "Bob");
    assert.equal(before.myCode, spaced(finish.myCode));
    assert.equal(before.peerCode, null);
    assert.ok(!JSON.stringify(before).includes(spaced(answer.myCode)));
    assert.equal(showSession(bob!.profile, "Alice").peerCode, null);
    confirmSession(alice!.deps, alice!.profile, "Bob", answer.myCode);
    const after = showSession(alice!.profile, "Bob");
    assert.equal(after.myCode, spaced(finish.myCode));
    assert.equal(after.peerCode, spaced(answer.myCode));
    // Still hidden on Bob's side until Bob confirms too.
    assert.equal(showSession(bob!.profile, "Alice").peerCode, null);
    // A session still waiting for its answer has no code at all.
    startSession(alice!.deps, alice!.profile, "Carol");
    const waiting = showSession(alice!.profile, "Carol");
    assert.equal(waiting.myCode, null);
    assert.equal(waiting.peerCode, null);
  } finally {
    close();
  }
});

Deno.test("five wrong codes refuse the session for good", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const { answer } = handshake(alice!, bob!);
    const wrong = "0".repeat(30) === answer.myCode ? "1".repeat(30) : "0".repeat(30);
    for (let i = 0; i < 5; i++) confirmSession(alice!.deps, alice!.profile, "Bob", wrong);
    assert.equal(showSession(alice!.profile, "Bob").state, "refused");
    assert.throws(
      () => confirmSession(alice!.deps, alice!.profile, "Bob", answer.myCode),
      (e) => isPlicoError(e, "session.wrong_state"),
    );
    removeSession(alice!.profile, "Bob");
    assert.deepEqual(listSessions(alice!.profile), []);
  } finally {
    close();
  }
});

Deno.test("a flipped bit, truncation or extension of either file is refused and changes nothing", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const init = startSession(alice!.deps, alice!.profile, "Bob");
    const bobBefore = snapshot(bob!.profile.vault);
    const step = 7; // every 7th byte and every bit position over the file: fast and thorough
    for (let i = 0; i < init.file.length; i += step) {
      const bad = init.file.slice();
      bad[i]! ^= 1 << (i % 8);
      assert.throws(
        () => answerSession(bob!.deps, bob!.profile, bad, "Alice"),
        (e) => isPlicoError(e),
      );
    }
    for (
      const bad of [init.file.subarray(0, init.file.length - 1), new Uint8Array([...init.file, 0])]
    ) {
      assert.throws(
        () => answerSession(bob!.deps, bob!.profile, bad, "Alice"),
        (e) => isPlicoError(e),
      );
    }
    assert.equal(snapshot(bob!.profile.vault), bobBefore);

    const answer = answerSession(bob!.deps, bob!.profile, init.file, "Alice");
    const aliceBefore = snapshot(alice!.profile.vault);
    for (let i = 0; i < answer.file.length; i += step) {
      const bad = answer.file.slice();
      bad[i]! ^= 1 << (i % 8);
      assert.throws(() => finishSession(alice!.deps, alice!.profile, bad), (e) => isPlicoError(e));
    }
    assert.equal(snapshot(alice!.profile.vault), aliceBefore);
    finishSession(alice!.deps, alice!.profile, answer.file);
    assert.equal(findSession(alice!.profile.vault, "Bob").meta.peerCode, answer.myCode);
  } finally {
    close();
  }
});

Deno.test("importing the same file twice is harmless; a conflicting or foreign answer is refused", async () => {
  const { parties: [alice, bob, carol], close } = await makeParties(["alice", "bob", "carol"]);
  try {
    const { init, answer } = handshake(alice!, bob!);
    const again = answerSession(bob!.deps, bob!.profile, init.file, "Alice again");
    assert.equal(again.repeated, true);
    assert.deepEqual(again.file, answer.file);
    assert.equal(listSessions(bob!.profile).length, 1);
    assert.equal(finishSession(alice!.deps, alice!.profile, answer.file).repeated, true);

    // Carol answers the same initiator file: a conflicting answer for a finished session.
    const carolAnswer = answerSession(carol!.deps, carol!.profile, init.file, "Alice");
    const before = snapshot(alice!.profile.vault);
    assert.throws(
      () => finishSession(alice!.deps, alice!.profile, carolAnswer.file),
      (e) => isPlicoError(e, "session.conflict"),
    );
    // A responder file for a session Alice never started.
    const carolInit = startSession(carol!.deps, carol!.profile, "Bob");
    const foreign = answerSession(bob!.deps, bob!.profile, carolInit.file, "Carol");
    assert.throws(
      () => finishSession(alice!.deps, alice!.profile, foreign.file),
      (e) => isPlicoError(e, "session.not_found"),
    );
    assert.equal(snapshot(alice!.profile.vault), before);
  } finally {
    close();
  }
});

Deno.test("an old responder file replayed after its session was removed is refused", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const { answer } = handshake(alice!, bob!);
    removeSession(alice!.profile, "Bob");
    startSession(alice!.deps, alice!.profile, "Bob");
    assert.throws(
      () => finishSession(alice!.deps, alice!.profile, answer.file),
      (e) => isPlicoError(e, "session.not_found"),
    );
  } finally {
    close();
  }
});

Deno.test("armored files are accepted and non-canonical armor is refused", async () => {
  const { parties: [alice, bob], close } = await makeParties(["alice", "bob"]);
  try {
    const init = startSession(alice!.deps, alice!.profile, "Bob");
    const text = armor("INITIATOR", init.file);
    // Same base64 text, but one line is a character longer than 64: not canonical.
    const lines = text.trimEnd().split("\n");
    lines[1] = lines[1]! + lines[2]![0];
    lines[2] = lines[2]!.slice(1);
    assert.throws(
      () => answerSession(bob!.deps, bob!.profile, utf8(lines.join("\n") + "\n"), "Alice"),
      (e) => isPlicoError(e, "input.malformed"),
    );
    const answer = answerSession(bob!.deps, bob!.profile, utf8(text), "Alice");
    const back = finishSession(alice!.deps, alice!.profile, utf8(armor("RESPONDER", answer.file)));
    assert.equal(findSession(alice!.profile.vault, "Bob").meta.peerCode, answer.myCode);
    assert.equal(findSession(bob!.profile.vault, "Alice").meta.peerCode, back.myCode);
  } finally {
    close();
  }
});

Deno.test("an expired initiator file is refused", async () => {
  const { parties: [alice, bob], clock, close } = await makeParties(["alice", "bob"]);
  try {
    const init = startSession(alice!.deps, alice!.profile, "Bob");
    clock.advance(INITIATOR_FILE_MAX_AGE_MS + 1);
    assert.throws(
      () => answerSession(bob!.deps, bob!.profile, init.file, "Alice"),
      (e) => isPlicoError(e, "input.expired"),
    );
    assert.deepEqual(listSessions(bob!.profile), []);
  } finally {
    close();
  }
});

Deno.test("a man in the middle who swaps both files gives the two sides different codes", async () => {
  const { parties: [alice, bob, mallory], close } = await makeParties(["alice", "bob", "mallory"]);
  try {
    const aliceInit = startSession(alice!.deps, alice!.profile, "Bob");
    const malloryToAlice = answerSession(mallory!.deps, mallory!.profile, aliceInit.file, "Alice");
    const malloryInit = startSession(mallory!.deps, mallory!.profile, "Bob");
    const bobAnswer = answerSession(bob!.deps, bob!.profile, malloryInit.file, "Alice");
    finishSession(mallory!.deps, mallory!.profile, bobAnswer.file);
    const aliceFinish = finishSession(alice!.deps, alice!.profile, malloryToAlice.file);
    assert.notEqual(findSession(alice!.profile.vault, "Bob").meta.peerCode, bobAnswer.myCode);
    assert.notEqual(findSession(bob!.profile.vault, "Alice").meta.peerCode, aliceFinish.myCode);
    // Alice types what Bob reads: refused.
    assert.equal(
      confirmSession(alice!.deps, alice!.profile, "Bob", bobAnswer.myCode).confirmed,
      false,
    );
  } finally {
    close();
  }
});

Deno.test("continuity: the same identity is recognised and a reused label with another is flagged", async () => {
  const { parties: [alice, bob, mallory], close } = await makeParties(["alice", "bob", "mallory"]);
  try {
    handshake(alice!, bob!);
    removeSession(alice!.profile, "Bob");
    removeSession(bob!.profile, "Alice");
    const second = handshake(alice!, bob!);
    assert.deepEqual(second.finish.continuity.sameIdentityAs, ["Bob"]);
    assert.equal(second.finish.continuity.labelReusedWithOtherIdentity, false);
    removeSession(alice!.profile, "Bob");
    const fake = handshake(alice!, mallory!);
    assert.deepEqual(fake.finish.continuity.sameIdentityAs, []);
    assert.equal(fake.finish.continuity.labelReusedWithOtherIdentity, true);
  } finally {
    close();
  }
});

Deno.test("labels are unique and validated", async () => {
  const { parties: [alice], close } = await makeParties(["alice"]);
  try {
    startSession(alice!.deps, alice!.profile, "Bob");
    assert.throws(
      () => startSession(alice!.deps, alice!.profile, "Bob"),
      (e) => isPlicoError(e, "session.exists"),
    );
    for (const bad of ["", "   ", "a\u202Eb", "x".repeat(65), "tab\there"]) {
      assert.throws(
        () => startSession(alice!.deps, alice!.profile, bad),
        (e) => isPlicoError(e, "usage"),
      );
    }
  } finally {
    close();
  }
});
