/**
 * Fuzz target `setup_answer`: Bob answers mutated initiator files through `answerSession`
 * in-process — raw byte mutations (caught by the structure or the signature), armored ones, and
 * mutations re-signed by the initiator, which a malicious peer can make and which reach the
 * parameter, time and key checks. A file that is answered must give a new unconfirmed session
 * under the requested label and a responder file bound to exactly that initiator file; a
 * refused one must change nothing.
 *
 * @module
 */

import { answerSession } from "../../../application/answer_session.ts";
import { removeSession } from "../../../application/session_queries.ts";
import { listSessionRows } from "../../../application/session_record.ts";
import { startSession } from "../../../application/start_session.ts";
import { armor, dearmor, isArmored } from "../../../domain/armor.ts";
import { decodeResponderFile } from "../../../domain/handshake/mod.ts";
import { SESSION_LIFETIME_MAX_SECONDS } from "../../../domain/limits.ts";
import type { FuzzTarget } from "../fuzz_target.ts";
import { sameBytes } from "../fuzz_io.ts";
import { mutate } from "../mutate.ts";
import { INITIATOR_FIELDS, resignSetup, signedPart } from "../setup_resign.ts";
import { profileSnapshotter } from "../profile_snapshot.ts";
import { sharedParties } from "../shared_parties.ts";

/** The target. */
export async function setupAnswerTarget(_seed: string): Promise<FuzzTarget> {
  const { alice, bob } = await sharedParties();
  const { crypto } = bob.deps;
  const seeds = [
    startSession(alice.deps, alice.profile, "answer s0").file,
    startSession(alice.deps, alice.profile, "answer s1", {
      lifetimeSeconds: 86_400,
      skippedKeyWindow: 0,
    })
      .file,
    startSession(alice.deps, alice.profile, "answer s2", {
      lifetimeSeconds: SESSION_LIFETIME_MAX_SECONDS,
      skippedKeyWindow: 1000,
    }).file,
  ];
  const snap = profileSnapshotter(bob.dir);
  let answered: string | null = null;

  return {
    name: "setup_answer",
    prepare(rng, index) {
      const base = rng.pick(seeds);
      const style = rng.below(10);
      let input: Uint8Array;
      let ops: string;
      if (style < 3) {
        const m = mutate(rng, base, { fields: INITIATOR_FIELDS, donors: seeds });
        input = m.bytes;
        ops = `raw:${m.ops.join("+")}`;
      } else if (style < 5) {
        const text = new TextEncoder().encode(armor("INITIATOR", base));
        const m = mutate(rng, text, {});
        input = m.bytes;
        ops = `armored:${m.ops.join("+")}`;
      } else {
        const m = mutate(rng, signedPart("initiator", base), {
          fields: INITIATOR_FIELDS,
          keepLength: rng.chance(0.8),
        });
        input = resignSetup(
          crypto,
          "initiator",
          m.bytes,
          alice.profile.info.identitySecret,
          rng.chance(0.1),
        );
        ops = `resigned:${m.ops.join("+")}`;
        if (rng.chance(0.2)) {
          input = new TextEncoder().encode(armor("INITIATOR", input));
          ops += "+armor";
        }
      }
      const label = `fz ${index}`;
      return Promise.resolve({
        ops,
        run: () => Promise.resolve(answerSession(bob.deps, bob.profile, input, label)),
        verify(result) {
          const r = result as ReturnType<typeof answerSession>;
          if (r.repeated) return "a file never answered before was reported as repeated";
          if (r.label !== label) return `answered under label ${r.label}, asked ${label}`;
          answered = label;
          const row = listSessionRows(bob.profile.vault).find((s) => s.label === label);
          if (!row || row.meta.state !== "unconfirmed" || row.meta.role !== "responder") {
            return "no unconfirmed responder session was stored";
          }
          const binary = isArmored(input) ? dearmor(input, "INITIATOR").bytes : input;
          const responder = decodeResponderFile(r.file);
          if (!sameBytes(responder.initiatorFileHash, crypto.sha3_256(binary))) {
            return "the responder file is not bound to the initiator file answered";
          }
          return null;
        },
      });
    },
    snapshot: () => snap.fingerprint(),
    afterSuccess() {
      // Keep the profile small: the next success adds its own session.
      if (answered !== null) removeSession(bob.profile, answered);
      answered = null;
      return Promise.resolve();
    },
    close() {
      snap.close();
    },
  };
}
