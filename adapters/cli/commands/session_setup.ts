/** `plico session new | answer | finish`: the two-file session setup. @module */

import { resolve } from "node:path";
import { answerSession } from "../../../application/answer_session.ts";
import { finishSession } from "../../../application/finish_session.ts";
import { describeContinuity } from "../../../application/known_peers.ts";
import { startSession } from "../../../application/start_session.ts";
import { showSession } from "../../../application/session_queries.ts";
import { checkLabel } from "../../../application/session_label.ts";
import type { UnlockedProfile } from "../../../application/unlocked_profile.ts";
import { armor, type ArmorKind } from "../../../domain/armor.ts";
import { utf8 } from "../../../domain/bytes.ts";
import { isPlicoError, PlicoError } from "../../../domain/errors.ts";
import { DEFAULT_SESSION_PARAMS } from "../../../domain/handshake/mod.ts";
import { SETUP_FILE_MAX_BYTES } from "../../../domain/limits.ts";
import { formatSafetyCode } from "../../../domain/safety_code.ts";
import type { Command, CommandContext, Values } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { readInput, writeOutput } from "../files.ts";
import { dataOutput } from "../output_target.ts";
import { shellQuote } from "../shell_quote.ts";
import { RECOGNIZE_HEAD_BYTES, recognizeFile } from "../recognize_file.ts";
import { withProfile } from "../with_profile.ts";
import { checkSetupFileSandboxed } from "../../sandbox/check_setup_file.ts";

const OUTPUT_HELP =
  `  -o, --out FILE         write the file here (never overwrites); - or no -o: standard output,
                         when that is not a terminal or with -a
  -a, --armor            write the text form instead of binary`;

function say(ctx: CommandContext, out: string | undefined, text: string): void {
  // When the file itself goes to standard output, people's messages go to standard error.
  (out !== undefined ? ctx.io.out : ctx.io.err)(text);
}

async function emit(
  ctx: CommandContext,
  values: Values,
  out: string | undefined,
  kind: ArmorKind,
  file: Uint8Array,
): Promise<void> {
  const data = flag(values, "armor") ? utf8(armor(kind, file)) : file;
  await writeOutput(ctx.io, out, data);
}

function requireLabel(values: Values): string {
  const label = str(values, "label");
  if (label === undefined) throw new PlicoError("usage", "--label is required (e.g. --label Bob)");
  return checkLabel(label);
}

/** The `--profile` the user gave, for hints they will paste (empty when none was given). */
function profileFlag(values: Values): string {
  const dir = str(values, "profile");
  return dir === undefined ? "" : ` --profile ${shellQuote(dir)}`;
}

function codeMessage(label: string, code: string, notes: string[], values: Values): string {
  return `\nYour safety code for "${label}" (read it aloud to ${label}):\n\n` +
    `    ${formatSafetyCode(code)}\n\n` +
    notes.map((n) => n + "\n").join("") +
    `\nCall ${label} (or meet). Each of you has a different code: read yours aloud, ` +
    `and write down the one ${label} reads to you.\n` +
    `Then enter the code ${label} read to you (not your own):\n` +
    `    plico session confirm ${shellQuote(label)} --code "<the code ${label} reads>"` +
    `${profileFlag(values)}\n` +
    `The session cannot be used until the codes match.\n`;
}

/** Said instead of the code when the session was confirmed already: nothing is left to do. */
function alreadyActive(profile: UnlockedProfile, label: string): string | null {
  const state = showSession(profile, label).state;
  return state === "active"
    ? `Session "${label}" is already confirmed and active; nothing to do. ` +
      `Seal with 'plico seal --to ${shellQuote(label)}'.\n`
    : null;
}

/** Reads a setup file and has the no-rights worker check it, before any secret is asked. */
async function readSetupFile(
  ctx: CommandContext,
  path: string,
  kind: "initiator" | "responder",
): Promise<Uint8Array> {
  let input: Uint8Array;
  try {
    input = await readInput(ctx.io, path, SETUP_FILE_MAX_BYTES);
  } catch (e) {
    if (isPlicoError(e, "input.too_large")) throw wrongFile(path, kind, e);
    throw e;
  }
  try {
    // Parsed first in a worker with no rights at all (HARDENING §3).
    return (await checkSetupFileSandboxed(input, kind)).binary;
  } catch (e) {
    if (isPlicoError(e, "input.malformed")) throw wrongFile(path, kind, e, input);
    throw e;
  }
}

/** A setup-file error that names what the file is instead, when that is something else. */
function wrongFile(
  path: string,
  want: "initiator" | "responder",
  e: PlicoError,
  input?: Uint8Array,
): PlicoError {
  let head = input;
  let size = input?.length ?? 0;
  if (head === undefined) {
    const file = Deno.openSync(path, { read: true });
    try {
      size = file.statSync().size;
      const buf = new Uint8Array(RECOGNIZE_HEAD_BYTES);
      head = buf.subarray(0, file.readSync(buf) ?? 0);
    } finally {
      file.close();
    }
  }
  const seen = recognizeFile(head.subarray(0, RECOGNIZE_HEAD_BYTES), size);
  const same = seen.kind === want || seen.kind === `armored-${want}`;
  if (same || seen.kind === "too-short" || seen.kind === "text") return e;
  const hint = seen.command === null
    ? ""
    : `; use '${seen.command.replace("FILE", shellQuote(path))}'`;
  const article = want === "initiator" ? "an" : "a";
  return new PlicoError(
    e.code,
    `${path} is ${seen.description}, not ${article} ${want} file${hint}`,
  );
}

function positiveInt(values: Values, name: string, fallback: number): number {
  const v = str(values, name);
  if (v === undefined) return fallback;
  if (!/^[0-9]{1,10}$/.test(v)) throw new PlicoError("usage", `--${name} takes a whole number`);
  return Number(v);
}

export const sessionNewCommand: Command = {
  name: ["session", "new"],
  summary: "start a session: write the initiator file to send to your peer",
  args: "",
  help: `  --label NAME           what you call your peer (e.g. Bob); names the session everywhere
${OUTPUT_HELP}
  --lifetime-days N      how long the session lives once answered (default 365)
  --window N             out-of-order window: skipped keys kept (default 100; 0 = strict order)
${PROFILE_OPTIONS_HELP}`,
  examples: [
    "plico session new --label Bob -o setup1.bin",
    "plico session new --label Bob -a > setup1.txt",
  ],
  options: {
    ...PROFILE_OPTIONS,
    label: { type: "string" },
    out: { type: "string", short: "o" },
    armor: { type: "boolean", short: "a" },
    "lifetime-days": { type: "string" },
    window: { type: "string" },
  },
  positionals: [0, 0],
  run(ctx, values) {
    const label = requireLabel(values);
    const out = dataOutput(ctx.io, values, {
      what: "initiator file",
      binary: !flag(values, "armor"),
      canArmor: true,
    });
    const params = {
      lifetimeSeconds: positiveInt(
        values,
        "lifetime-days",
        DEFAULT_SESSION_PARAMS.lifetimeSeconds / 86400,
      ) * 86400,
      skippedKeyWindow: positiveInt(values, "window", DEFAULT_SESSION_PARAMS.skippedKeyWindow),
    };
    return withProfile(ctx, values, async (deps, profile) => {
      const started = startSession(deps, profile, label, params);
      await emit(ctx, values, out, "INITIATOR", started.file);
      if (flag(values, "json")) {
        ctx.io.out(json({ label: started.label, out: out === undefined ? null : resolve(out) }));
      } else {
        say(
          ctx,
          out,
          `Session "${started.label}" started. Send the initiator file to ${started.label}` +
            (out === undefined ? "" : ` (${resolve(out)})`) +
            `;\nwhen the responder file comes back, run\n` +
            `    plico session finish FILE${profileFlag(values)}\n`,
        );
      }
      return 0;
    });
  },
};

export const sessionAnswerCommand: Command = {
  name: ["session", "answer"],
  summary: "answer a peer's initiator file: write the responder file to send back",
  args: "FILE",
  help: `  --label NAME           what you call your peer (e.g. Alice)
${OUTPUT_HELP}
${PROFILE_OPTIONS_HELP}`,
  examples: ["plico session answer setup1.bin --label Alice -o reply1.bin"],
  options: {
    ...PROFILE_OPTIONS,
    label: { type: "string" },
    out: { type: "string", short: "o" },
    armor: { type: "boolean", short: "a" },
  },
  positionals: [1, 1],
  async run(ctx, values, [path]) {
    const label = requireLabel(values);
    const out = dataOutput(ctx.io, values, {
      what: "responder file",
      binary: !flag(values, "armor"),
      canArmor: true,
    });
    const binary = await readSetupFile(ctx, path!, "initiator");
    return withProfile(ctx, values, async (deps, profile) => {
      const answered = answerSession(deps, profile, binary, label);
      await emit(ctx, values, out, "RESPONDER", answered.file);
      if (flag(values, "json")) {
        ctx.io.out(json({
          label: answered.label,
          out: out === undefined ? null : resolve(out),
          myCode: formatSafetyCode(answered.myCode),
          repeated: answered.repeated,
          continuity: answered.continuity,
        }));
        return 0;
      }
      const active = answered.repeated ? alreadyActive(profile, answered.label) : null;
      if (active !== null) {
        say(ctx, out, active);
        return 0;
      }
      const notes = answered.repeated
        ? ["This initiator file was answered before; the same responder file was written again."]
        : describeContinuity(answered.continuity, answered.label);
      say(
        ctx,
        out,
        `Send the responder file${out === undefined ? "" : ` ${resolve(out)}`} back to ` +
          `${answered.label}.\n` + codeMessage(answered.label, answered.myCode, notes, values),
      );
      return 0;
    });
  },
};

export const sessionFinishCommand: Command = {
  name: ["session", "finish"],
  summary: "finish a session you started, with the peer's responder file",
  args: "FILE",
  help: PROFILE_OPTIONS_HELP,
  examples: ["plico session finish reply1.bin"],
  options: PROFILE_OPTIONS,
  positionals: [1, 1],
  async run(ctx, values, [path]) {
    const binary = await readSetupFile(ctx, path!, "responder");
    return withProfile(ctx, values, (deps, profile) => {
      const finished = finishSession(deps, profile, binary);
      if (flag(values, "json")) {
        ctx.io.out(json({
          label: finished.label,
          myCode: formatSafetyCode(finished.myCode),
          repeated: finished.repeated,
          continuity: finished.continuity,
        }));
        return 0;
      }
      const active = finished.repeated ? alreadyActive(profile, finished.label) : null;
      if (active !== null) {
        ctx.io.out(active);
        return 0;
      }
      const notes = finished.repeated
        ? ["This responder file was imported before; nothing changed."]
        : describeContinuity(finished.continuity, finished.label);
      ctx.io.out(codeMessage(finished.label, finished.myCode, notes, values));
      return 0;
    });
  },
};
