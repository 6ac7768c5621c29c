/**
 * Fuzz target `setup_finish`: Alice finishes her pending session with mutated responder files
 * through `finishSession` in-process — raw, armored, and re-signed by Bob (a malicious responder
 * can sign anything). A responder file that is accepted must move exactly that session to
 * "unconfirmed", and its safety code must differ from the code of Bob's real answer unless the
 * file is Bob's real answer: the safety code is what exposes a substituted answer (DESIGN §1
 * "peer authenticity"). A refused file must change nothing. One case in 40 is a control with
 * the real answer, which must finish with Bob's code.
 *
 * @module
 */

import { answerSession } from "../../../application/answer_session.ts";
import { finishSession } from "../../../application/finish_session.ts";
import { removeSession } from "../../../application/session_queries.ts";
import { listSessionRows } from "../../../application/session_record.ts";
import { startSession } from "../../../application/start_session.ts";
import { armor, dearmor, isArmored } from "../../../domain/armor.ts";
import type { FuzzTarget } from "../fuzz_target.ts";
import { sameBytes } from "../fuzz_io.ts";
import { mutate } from "../mutate.ts";
import { resignSetup, RESPONDER_FIELDS, signedPart } from "../setup_resign.ts";
import { profileSnapshotter } from "../profile_snapshot.ts";
import { sharedParties } from "../shared_parties.ts";

const CONTROL_EVERY = 40;

/** The target. */
export async function setupFinishTarget(_seed: string): Promise<FuzzTarget> {
  const { alice, bob } = await sharedParties();
  const { crypto } = alice.deps;
  let round = 0;
  let current: { label: string; answer: Uint8Array; code: string } = {
    label: "",
    answer: new Uint8Array(0),
    code: "",
  };
  const fresh = () => {
    const label = `pending ${round++}`;
    const init = startSession(alice.deps, alice.profile, label);
    const answered = answerSession(bob.deps, bob.profile, init.file, `peer ${round}`);
    removeSession(bob.profile, answered.label); // Bob's side is not under test
    current = { label, answer: answered.file, code: answered.myCode };
  };
  fresh();
  const snap = profileSnapshotter(alice.dir);

  return {
    name: "setup_finish",
    prepare(rng, index) {
      const { label, answer, code } = current;
      const control = index % CONTROL_EVERY === CONTROL_EVERY - 1;
      let input: Uint8Array = answer;
      let ops = "control";
      if (!control) {
        const style = rng.below(10);
        if (style < 3) {
          const m = mutate(rng, answer, { fields: RESPONDER_FIELDS });
          input = m.bytes;
          ops = `raw:${m.ops.join("+")}`;
        } else if (style < 5) {
          const m = mutate(rng, new TextEncoder().encode(armor("RESPONDER", answer)), {});
          input = m.bytes;
          ops = `armored:${m.ops.join("+")}`;
        } else {
          const m = mutate(rng, signedPart("responder", answer), {
            fields: RESPONDER_FIELDS,
            keepLength: rng.chance(0.8),
          });
          input = resignSetup(
            crypto,
            "responder",
            m.bytes,
            bob.profile.info.identitySecret,
            true,
          );
          ops = `resigned:${m.ops.join("+")}`;
        }
      }
      return Promise.resolve({
        ops,
        run: () => Promise.resolve(finishSession(alice.deps, alice.profile, input)),
        verify(result) {
          const r = result as ReturnType<typeof finishSession>;
          if (r.repeated) return "a responder file never imported was reported as repeated";
          if (r.label !== label) return `finished session ${r.label}, expected ${label}`;
          const row = listSessionRows(alice.profile.vault).find((s) => s.label === label);
          if (!row || row.meta.state !== "unconfirmed") return "the session is not unconfirmed";
          const binary = isArmored(input) ? dearmor(input, "RESPONDER").bytes : input;
          const same = sameBytes(binary, answer);
          // Bob reads his code aloud; Alice's session must expect exactly it.
          if (same && row.meta.peerCode !== code) return "the real answer gave another safety code";
          if (!same && row.meta.peerCode === code) {
            return "a changed responder file gave the same safety code as the real one";
          }
          return null;
        },
      });
    },
    snapshot: () => snap.fingerprint(),
    afterSuccess() {
      removeSession(alice.profile, current.label);
      fresh();
      return Promise.resolve();
    },
    close() {
      snap.close();
      removeSession(alice.profile, current.label);
    },
  };
}
