/**
 * Session setup cost, in-process through the use cases: `startSession` (Alice), `answerSession`
 * (Bob) and `finishSession` (Alice) on unlocked profiles — X25519, ML-KEM-768, Ed25519, SHA3 and
 * the SQLite writes. Reported as CPU time of this process (the figure that does not depend on
 * other load) and wall time.
 *
 * @module
 */

import { answerSession } from "../../application/answer_session.ts";
import { finishSession } from "../../application/finish_session.ts";
import { removeSession } from "../../application/session_queries.ts";
import { startSession } from "../../application/start_session.ts";
import { makeParties, type Party } from "../../tests/support/two_profiles.ts";
import type { Row } from "./bench_table.ts";
import { cpuMs, median } from "./measure.ts";

/** Rows for session setup. */
export async function setupRows(runs: number): Promise<Row[]> {
  const made = await makeParties(["alice", "bob"]);
  const [alice, bob] = made.parties as [Party, Party];
  try {
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let run = -1; run < runs; run++) {
      const label = `bench ${run + 1}`;
      const c0 = cpuMs();
      const t0 = performance.now();
      const init = startSession(alice.deps, alice.profile, label);
      const answer = answerSession(bob.deps, bob.profile, init.file, label);
      finishSession(alice.deps, alice.profile, answer.file);
      const ms = performance.now() - t0;
      const c = cpuMs() - c0;
      if (run >= 0) { // the first round warms up the JIT
        cpu.push(c);
        wall.push(ms);
      }
      removeSession(alice.profile, label);
      removeSession(bob.profile, label);
    }
    return [
      {
        section: "session setup (in-process)",
        name: "new + answer + finish, CPU",
        plico: median(cpu),
        unit: "ms",
        better: "lower",
        note: `wall ${median(wall).toFixed(1)} ms (three SQLite commits with fsync)`,
      },
    ];
  } finally {
    made.close();
  }
}
