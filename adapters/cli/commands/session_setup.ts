/** `plico session new | answer | finish`: the two-file session setup. @module */

import { answerSession } from "../../../application/answer_session.ts";
import { finishSession } from "../../../application/finish_session.ts";
import { describeContinuity } from "../../../application/known_peers.ts";
import { startSession } from "../../../application/start_session.ts";
import { armor, type ArmorKind } from "../../../domain/armor.ts";
import { utf8 } from "../../../domain/bytes.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { DEFAULT_SESSION_PARAMS } from "../../../domain/handshake/mod.ts";
import { SETUP_FILE_MAX_BYTES } from "../../../domain/limits.ts";
import { formatSafetyCode } from "../../../domain/safety_code.ts";
import type { Command, CommandContext, Values } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { assertNewOutput, readInput, writeOutput } from "../files.ts";
import { withProfile } from "../with_profile.ts";
import { checkSetupFileSandboxed } from "../../sandbox/check_setup_file.ts";

const OUTPUT_HELP =
  `  --out FILE             write the file here (never overwrites; default: standard output)
  --armor                write the text form instead of binary`;

function say(ctx: CommandContext, values: Values, text: string): void {
  // When the file itself goes to standard output, people's messages go to standard error.
  const toStdout = str(values, "out") !== undefined && str(values, "out") !== "-";
  (toStdout ? ctx.io.out : ctx.io.err)(text);
}

async function emit(
  ctx: CommandContext,
  values: Values,
  kind: ArmorKind,
  file: Uint8Array,
): Promise<void> {
  const data = flag(values, "armor") ? utf8(armor(kind, file)) : file;
  await writeOutput(ctx.io, str(values, "out"), data);
}

function requireLabel(values: Values): string {
  const label = str(values, "label");
  if (label === undefined) throw new PlicoError("usage", "--label is required (e.g. --label Bob)");
  return label;
}

function jsonNeedsOut(values: Values): void {
  const out = str(values, "out");
  assertNewOutput(out);
  if (flag(values, "json") && (out === undefined || out === "-")) {
    throw new PlicoError("usage", "--json needs --out FILE (standard output carries the JSON)");
  }
}

function codeMessage(label: string, code: string, notes: string[]): string {
  return `\nYour safety code for "${label}" (read it aloud to ${label}):\n\n` +
    `    ${formatSafetyCode(code)}\n\n` +
    notes.map((n) => n + "\n").join("") +
    `\nCall ${label} (or meet). Each of you has a different code: read yours aloud, ` +
    `and write down the one ${label} reads to you.\n` +
    `Then enter the code ${label} read to you (not your own):\n` +
    `    plico session confirm ${JSON.stringify(label)} --code "<the code ${label} reads>"\n` +
    `The session cannot be used until the codes match.\n`;
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
  options: {
    ...PROFILE_OPTIONS,
    label: { type: "string" },
    out: { type: "string" },
    armor: { type: "boolean" },
    "lifetime-days": { type: "string" },
    window: { type: "string" },
  },
  positionals: [0, 0],
  run(ctx, values) {
    const label = requireLabel(values);
    jsonNeedsOut(values);
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
      await emit(ctx, values, "INITIATOR", started.file);
      if (flag(values, "json")) ctx.io.out(json({ label: started.label, out: str(values, "out") }));
      else {
        say(
          ctx,
          values,
          `Session "${started.label}" started. Send the initiator file to ${started.label}; ` +
            `when the responder file comes back, run 'plico session finish FILE'.\n`,
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
  options: {
    ...PROFILE_OPTIONS,
    label: { type: "string" },
    out: { type: "string" },
    armor: { type: "boolean" },
  },
  positionals: [1, 1],
  run(ctx, values, [path]) {
    const label = requireLabel(values);
    jsonNeedsOut(values);
    return withProfile(ctx, values, async (deps, profile) => {
      const input = await readInput(ctx.io, path!, SETUP_FILE_MAX_BYTES);
      // Parsed first in a worker with no rights at all (HARDENING §3).
      const { binary } = await checkSetupFileSandboxed(input, "initiator");
      const answered = answerSession(deps, profile, binary, label);
      await emit(ctx, values, "RESPONDER", answered.file);
      if (flag(values, "json")) {
        ctx.io.out(json({
          label: answered.label,
          myCode: formatSafetyCode(answered.myCode),
          repeated: answered.repeated,
          continuity: answered.continuity,
        }));
      } else {
        const notes = answered.repeated
          ? ["This initiator file was answered before; the same responder file was written again."]
          : describeContinuity(answered.continuity, answered.label);
        say(
          ctx,
          values,
          `Send the responder file back to ${answered.label}.\n` +
            codeMessage(answered.label, answered.myCode, notes),
        );
      }
      return 0;
    });
  },
};

export const sessionFinishCommand: Command = {
  name: ["session", "finish"],
  summary: "finish a session you started, with the peer's responder file",
  args: "FILE",
  help: PROFILE_OPTIONS_HELP,
  options: PROFILE_OPTIONS,
  positionals: [1, 1],
  run(ctx, values, [path]) {
    return withProfile(ctx, values, async (deps, profile) => {
      const input = await readInput(ctx.io, path!, SETUP_FILE_MAX_BYTES);
      const { binary } = await checkSetupFileSandboxed(input, "responder");
      const finished = finishSession(deps, profile, binary);
      if (flag(values, "json")) {
        ctx.io.out(json({
          label: finished.label,
          myCode: formatSafetyCode(finished.myCode),
          repeated: finished.repeated,
          continuity: finished.continuity,
        }));
      } else {
        const notes = finished.repeated
          ? ["This responder file was imported before; nothing changed."]
          : describeContinuity(finished.continuity, finished.label);
        ctx.io.out(codeMessage(finished.label, finished.myCode, notes));
      }
      return 0;
    });
  },
};
