/**
 * Crash trials: `plico open` and `plico seal` (the real program, shipped flags) killed with
 * SIGKILL at a random moment, then checked. The delay is uniform from the end of the unlock
 * (1.1 × the time `profile unlock` takes) to the median time of an uninterrupted run, so kills
 * land in the authenticating pass, the commit, the revealing pass, the final rename and (with
 * load jitter) after the end.
 *
 * Kills before the end of the unlock are left out on purpose: a process killed *during* its
 * unlock leaves a pending attempt that the rate limiter (PROTOCOL §2.5) settles only after 60 s
 * without any new attempt and then counts as a failure — eight of them in a row would block
 * unlocking. When a kill still lands in the unlock (load jitter), the trial waits those 60 s so
 * the series stays valid, and the report counts it.
 *
 * What must hold after every kill (a violation is reported otherwise):
 *
 * - both databases of the profile pass `PRAGMA integrity_check`;
 * - open: the burn registry grew by exactly 0 or 2 rows (both tags of the envelope, or none);
 *   nothing was revealed unless it was burned (no message text on standard output, no attachment
 *   under its final name); an attachment under its final name is complete and byte-identical —
 *   a partial one only ever exists under a hidden temporary name; if nothing was burned, a second
 *   open reveals the whole message; if it was burned, a second open says "already opened";
 * - seal: an envelope under its final name is complete (the peer opens it with the exact
 *   content), and it never exists without the ratchet advance committed before it;
 * - every `checkEvery` trials and at the end, the session still works both ways.
 *
 * With SIGINT or SIGTERM (`signals`), opens only, at any moment from the start, and more must
 * hold: the program handles the signal, so before its commit it removes everything it staged or
 * reserved and exits 130 with nothing burned; after its commit it finishes: burned means the
 * text was printed and the attachment published. No hidden file may be left either way.
 *
 * Reported, not violations: an open killed between its commit and the end of the reveal
 * ("burned-cut": the message is lost, by design — the envelope is burned before anything is
 * shown); a seal killed after its commit and before its envelope was complete (a skipped message
 * number, which the peer's ratchet absorbs); hidden temporary files left by a killed process.
 *
 * @module
 */

import { join } from "node:path";
import { cliPair } from "../../tests/support/cli_pair.ts";
import { exists } from "../../tests/support/paths.ts";
import { createRng } from "../fuzz/prng.ts";
import { runAndKill } from "./kill_plico.ts";
import {
  attemptRecord,
  fileEquals,
  integrity,
  outputFiles,
  rowCount,
  sessionRows,
} from "./profile_checks.ts";

/** Options of a series of trials. */
export interface CrashOptions {
  readonly trials: number;
  readonly seed: string;
  /** Size of the attachment sealed into every envelope, in bytes. */
  readonly attachmentBytes: number;
  /** Check both directions of the session every this many trials (and at the end). */
  readonly checkEvery: number;
  /** Called after each trial (progress). */
  readonly onTrial?: (trial: TrialRecord) => void;
  /**
   * Signals sent, one per trial in turn (default SIGKILL only). With SIGINT or SIGTERM the
   * trial is always an open, and the stricter promises of a handled interruption apply.
   */
  readonly signals?: readonly Deno.Signal[];
}

/** One trial. */
export interface TrialRecord {
  readonly index: number;
  readonly op: "open" | "seal";
  readonly signal: Deno.Signal;
  readonly delayMs: number;
  readonly killed: boolean;
  readonly outcome: string;
  readonly partialsLeft: number;
  readonly violations: readonly string[];
}

/** A series' figures. */
export interface CrashReport {
  readonly trials: number;
  readonly seed: string;
  readonly attachmentBytes: number;
  /** Uninterrupted run times used to spread the kill delays, in ms. */
  readonly calibration: {
    readonly unlockMs: number;
    readonly sealMs: number;
    readonly openMs: number;
  };
  /** Kills that landed inside an unlock (a pending attempt was left and waited out). */
  readonly killsInUnlock: number;
  /** `op:outcome` → count. */
  readonly outcomes: Record<string, number>;
  /** Hidden temporary files left by killed processes (open: plaintext; seal: ciphertext). */
  readonly partialFilesLeft: { open: number; seal: number };
  readonly sessionChecks: number;
  readonly violations: { index: number; op: string; detail: string }[];
  readonly elapsedMs: number;
}

function fill(bytes: number, seed: string): Uint8Array {
  const out = new Uint8Array(bytes);
  const rng = createRng(`${seed}/crash/attachment`);
  const block = rng.bytes(65_536);
  for (let at = 0; at < bytes; at += block.length) {
    out.set(block.subarray(0, Math.min(block.length, bytes - at)), at);
    block[0] = (block[0]! + 1) & 0xff; // no two blocks alike
  }
  return out;
}

/** The number of a signal, for the 128 + n exit status of a process it ended. */
function signalNumber(signal: Deno.Signal): number {
  return ({ SIGINT: 2, SIGTERM: 15, SIGKILL: 9 } as Record<string, number>)[signal] ?? 0;
}

/** Runs the trials in a temporary directory (removed afterwards). */
export async function runCrashTrials(options: CrashOptions): Promise<CrashReport> {
  const started = performance.now();
  const root = Deno.makeTempDirSync({ prefix: "plico-crash-" });
  const outcomes: Record<string, number> = {};
  const violations: CrashReport["violations"] = [];
  const partialFilesLeft = { open: 0, seal: 0 };
  let sessionChecks = 0;
  try {
    const { alice, bob } = await cliPair(root);
    const attachmentName = "payload.bin";
    const attachment = fill(options.attachmentBytes, options.seed);
    const payload = join(root, attachmentName);
    Deno.writeFileSync(payload, attachment);
    const who = (
      p: { dir: string; pass: string },
    ) => ["--profile", p.dir, "--passphrase-file", p.pass];
    const sealArgs = (out: string, message: string) => [
      "seal",
      "--to",
      "Bob",
      "--message-file",
      message,
      "--attach",
      payload,
      "--out",
      out,
      ...who(alice),
    ];
    const openArgs = (envelope: string, dir: string) => {
      Deno.mkdirSync(dir, { recursive: true });
      return ["open", envelope, "--out-dir", dir, "--json", ...who(bob)];
    };
    const opensCompletely = async (envelope: string, text: string, dir: string) => {
      const run = await runAndKill(openArgs(envelope, dir), null);
      const ok = run.code === 0 && run.stdout.includes(text) &&
        fileEquals(join(dir, attachmentName), attachment);
      return { ok, code: run.code };
    };

    // Calibration: how long uninterrupted runs take on this machine now (medians of three).
    const calMessage = join(root, "cal.txt");
    Deno.writeTextFileSync(calMessage, "calibration");
    const times = { unlock: [] as number[], seal: [] as number[], open: [] as number[] };
    for (let i = 0; i < 3; i++) {
      const calEnvelope = join(root, `cal${i}.plico`);
      const unlocked = await runAndKill(["profile", "unlock", ...who(bob)], null);
      const sealed = await runAndKill(sealArgs(calEnvelope, calMessage), null);
      const opened = await runAndKill(openArgs(calEnvelope, join(root, `cal${i}`)), null);
      if (unlocked.code !== 0 || sealed.code !== 0 || opened.code !== 0) {
        throw new Error(
          `calibration failed: unlock ${unlocked.code}, seal ${sealed.code}, open ${opened.code}`,
        );
      }
      times.unlock.push(unlocked.ms);
      times.seal.push(sealed.ms);
      times.open.push(opened.ms);
      Deno.removeSync(calEnvelope);
      Deno.removeSync(join(root, `cal${i}`), { recursive: true });
    }
    const mid = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    const unlockMs = mid(times.unlock);
    const calibration = { unlockMs, sealMs: mid(times.seal), openMs: mid(times.open) };
    const delayFor = (rng: ReturnType<typeof createRng>, runMs: number, handled: boolean) => {
      // A handled signal may come at any moment, start-up and unlock included.
      const lo = handled ? 0 : Math.round(1.1 * unlockMs);
      const hi = Math.max(lo + 1, Math.round(runMs));
      return lo + rng.below(hi - lo);
    };
    let killsInUnlock = 0;
    const settleIfPending = async (dir: string) => {
      const record = attemptRecord(dir);
      if (record === null) throw new Error("the unlock-attempt record does not verify");
      if (record.pending === 0) return;
      killsInUnlock++;
      const wait = record.pendingSince + 61_000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    };

    const bothWays = async (round: number) => {
      sessionChecks++;
      for (const [from, to, label] of [[alice, bob, "Bob"], [bob, alice, "Alice"]] as const) {
        const text = `both ways ${round} to ${label}`;
        const envelope = join(root, `check-${round}-${label}.plico`);
        const sealed = await runAndKill(
          ["seal", "--to", label, "--out", envelope, ...who(from)],
          null,
          text,
        );
        const dir = join(root, `check-${round}-${label}`);
        Deno.mkdirSync(dir);
        const opened = await runAndKill(
          ["open", envelope, "--out-dir", dir, "--json", ...who(to)],
          null,
        );
        if (sealed.code !== 0 || opened.code !== 0 || !opened.stdout.includes(text)) {
          violations.push({
            index: round,
            op: "session",
            detail:
              `session to ${label} broken after crashes: seal ${sealed.code}, open ${opened.code}`,
          });
        }
        Deno.removeSync(envelope);
        Deno.removeSync(dir, { recursive: true });
      }
    };

    const signals = options.signals ?? ["SIGKILL"];
    for (let index = 0; index < options.trials; index++) {
      const rng = createRng(`${options.seed}/crash/${index}`);
      const signal = signals[index % signals.length]!;
      const handled = signal !== "SIGKILL";
      // Alternate, so both get half the trials; a handled signal is the open's promise only.
      const op = handled || index % 2 === 0 ? "open" : "seal";
      const text = `trial ${index} ${rng.u32().toString(36)}`;
      const message = join(root, `m${index}.txt`);
      Deno.writeTextFileSync(message, text);
      const envelope = join(root, `e${index}.plico`);
      const v: string[] = [];
      let outcome: string;
      let partials = 0;
      let delay: number;
      let killed: boolean;

      if (op === "open") {
        const sealed = await runAndKill(sealArgs(envelope, message), null);
        if (sealed.code !== 0) throw new Error(`trial ${index}: sealing failed (${sealed.code})`);
        const burnedBefore = rowCount(bob.dir, "burned");
        const dir = join(root, `o${index}`);
        delay = delayFor(rng, calibration.openMs, handled);
        const run = await runAndKill(openArgs(envelope, dir), delay, undefined, signal);
        killed = run.killed;
        await settleIfPending(bob.dir);
        const check = integrity(bob.dir);
        if (check !== "ok") v.push(`integrity: ${check}`);
        const burned = rowCount(bob.dir, "burned") - burnedBefore;
        if (burned !== 0 && burned !== 2) {
          v.push(`the burn registry grew by ${burned} rows (0 or 2)`);
        }
        const files = outputFiles(dir);
        partials = files.partials.length;
        // An empty file under the final name is a name reserved just before a commit that a
        // SIGKILL cut short: it reveals nothing.
        const reserved = files.finals.filter((f) =>
          f === attachmentName && Deno.statSync(join(dir, f)).size === 0
        );
        const finals = files.finals.filter((f) => !reserved.includes(f));
        partials += reserved.length;
        for (const f of finals) {
          if (f !== attachmentName) v.push(`unexpected file ${f} in the output directory`);
          else if (!fileEquals(join(dir, f), attachment)) {
            v.push("an attachment under its final name is incomplete or wrong");
          }
        }
        const printed = run.stdout.includes(text);
        if (burned === 0 && (printed || finals.length > 0)) {
          v.push("revealed without being burned");
        }
        if (handled && killed) {
          // SIGINT/SIGTERM: before the commit clean up and change nothing; after it finish.
          if (partials > 0) v.push(`${partials} staged or reserved file(s) left after ${signal}`);
          if (burned !== 0 && !(printed && finals.includes(attachmentName))) {
            v.push(`burned, but not revealed after ${signal}`);
          }
          if (burned === 0 && run.code !== 130 && run.code !== 128 + signalNumber(signal)) {
            v.push(`interrupted before the commit, but exit ${run.code} (130 expected)`);
          }
        }
        if (!killed && run.code !== 0) v.push(`an uninterrupted open failed (${run.code})`);
        const again = await opensCompletely(envelope, text, join(root, `r${index}`));
        if (burned === 0) {
          if (!again.ok) v.push(`not burned, but a second open did not reveal it (${again.code})`);
          outcome = "untouched";
        } else {
          if (again.code !== 16) {
            v.push(`burned, but a second open gave exit ${again.code}, not 16`);
          }
          outcome = printed && finals.includes(attachmentName) ? "burned-revealed" : "burned-cut";
        }
        if (!killed) outcome = "finished";
        partialFilesLeft.open += partials;
        Deno.removeSync(dir, { recursive: true });
        Deno.removeSync(join(root, `r${index}`), { recursive: true });
      } else {
        const before = sessionRows(alice.dir);
        delay = delayFor(rng, calibration.sealMs, false);
        const run = await runAndKill(sealArgs(envelope, message), delay);
        killed = run.killed;
        await settleIfPending(alice.dir);
        const check = integrity(alice.dir);
        if (check !== "ok") v.push(`integrity: ${check}`);
        const advanced = sessionRows(alice.dir) !== before;
        const leftovers = outputFiles(root).partials.filter((p) =>
          p.startsWith(`.e${index}.plico.`)
        );
        partials = leftovers.length;
        for (const p of leftovers) Deno.removeSync(join(root, p));
        if (exists(envelope)) {
          if (!advanced) {
            v.push("an envelope exists although the ratchet advance was not committed");
          }
          const opened = await opensCompletely(envelope, text, join(root, `r${index}`));
          if (!opened.ok) {
            v.push(`an envelope under its final name does not open completely (${opened.code})`);
          }
          outcome = "envelope-complete";
          Deno.removeSync(join(root, `r${index}`), { recursive: true });
        } else {
          outcome = advanced ? "no-envelope-step-skipped" : "no-envelope";
          if (!killed) v.push(`an uninterrupted seal left no envelope (${run.code})`);
        }
        if (!killed) outcome = "finished";
        partialFilesLeft.seal += partials;
      }
      try {
        Deno.removeSync(envelope);
      } catch { /* never written */ }
      Deno.removeSync(message);
      const key = `${op}:${outcome}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      for (const detail of v) violations.push({ index, op, detail });
      options.onTrial?.({
        index,
        op,
        signal,
        delayMs: delay,
        killed,
        outcome,
        partialsLeft: partials,
        violations: v,
      });
      if ((index + 1) % options.checkEvery === 0) await bothWays(index);
    }
    if (options.trials % options.checkEvery !== 0) await bothWays(options.trials);
    return {
      trials: options.trials,
      seed: options.seed,
      attachmentBytes: options.attachmentBytes,
      calibration,
      killsInUnlock,
      outcomes,
      partialFilesLeft,
      sessionChecks,
      violations,
      elapsedMs: performance.now() - started,
    };
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
}
