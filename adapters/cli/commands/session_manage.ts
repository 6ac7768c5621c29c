/** `plico session confirm | list | show | remove | export`. @module */

import { confirmSession } from "../../../application/confirm_session.ts";
import {
  exportSession,
  listSessions,
  removeSession,
  showSession,
} from "../../../application/session_queries.ts";
import { armor } from "../../../domain/armor.ts";
import { utf8 } from "../../../domain/bytes.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { checkLabel } from "../../../application/session_label.ts";
import { normaliseSafetyCode, SAFETY_CODE_DIGITS } from "../../../domain/safety_code.ts";
import { EXIT_CODES } from "../exit_codes.ts";
import { hasPassphraseSource } from "../passphrase_source.ts";
import type { Command } from "../command.ts";
import { flag, json, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP, str } from "../common_options.ts";
import { writeOutput } from "../files.ts";
import { dataOutput } from "../output_target.ts";
import { withProfile } from "../with_profile.ts";

export const sessionConfirmCommand: Command = {
  name: ["session", "confirm"],
  summary: "activate a session by entering the safety code your peer reads to you",
  args: "LABEL",
  help: `  --code "CODE"          the 30-digit code your peer reads (spaces and dashes are ignored);
                         without it, Plico asks on the terminal
${PROFILE_OPTIONS_HELP}`,
  examples: ['plico session confirm Bob --code "1234 5678 ..."'],
  options: { ...PROFILE_OPTIONS, code: { type: "string" } },
  positionals: [1, 1],
  async run(ctx, values, [label]) {
    checkLabel(label!);
    let code = str(values, "code");
    if (code === undefined && hasPassphraseSource(values)) {
      // A script gives the passphrase by file; it must give the code too (nobody is there).
      throw new PlicoError("usage", '--code "..." is required with --passphrase-file/-fd');
    }
    code ??= await ctx.io.readLine(`Code ${label} reads to you: `);
    if (normaliseSafetyCode(code) === null) {
      throw new PlicoError(
        "usage",
        `that is not a safety code: a code has ${SAFETY_CODE_DIGITS} digits (spaces and dashes ` +
          `are ignored); nothing was changed`,
      );
    }
    const entered = code;
    return await withProfile(ctx, values, (deps, profile) => {
      const outcome = confirmSession(deps, profile, label!, entered);
      if (flag(values, "json")) ctx.io.out(json(outcome));
      if (outcome.confirmed) {
        if (!flag(values, "json")) {
          ctx.io.out(`Session "${outcome.label}" is confirmed and active.\n`);
        }
        return 0;
      }
      ctx.io.err(
        `plico: the code does not match: the session stays unusable. Someone may be in the ` +
          `middle, or a digit was misheard; compare again. ${outcome.attemptsLeft} attempt(s) ` +
          `left before the session is refused.\n`,
      );
      return EXIT_CODES["session.bad_code"];
    });
  },
};

export const sessionListCommand: Command = {
  name: ["session", "list"],
  summary: "list sessions with their state",
  args: "",
  help: PROFILE_OPTIONS_HELP,
  examples: ["plico session list"],
  options: PROFILE_OPTIONS,
  positionals: [0, 0],
  run(ctx, values) {
    return withProfile(ctx, values, (_deps, profile) => {
      const sessions = listSessions(profile);
      if (flag(values, "json")) ctx.io.out(json(sessions));
      else if (sessions.length === 0) ctx.io.out("No sessions.\n");
      else {
        const w = Math.max(5, ...sessions.map((s) => [...s.label].length));
        ctx.io.out(
          `${"LABEL".padEnd(w)}  ${"STATE".padEnd(15)}  ${"SAFETY CODE".padEnd(11)}  CREATED\n`,
        );
        for (const s of sessions) {
          ctx.io.out(
            `${s.label.padEnd(w)}  ${s.state.padEnd(15)}  ${s.safetyCodeStatus.padEnd(11)}  ` +
              `${s.createdAt}\n`,
          );
        }
      }
      return 0;
    });
  },
};

export const sessionShowCommand: Command = {
  name: ["session", "show"],
  summary: "show one session (with --json: myCode, and peerCode once confirmed)",
  args: "LABEL",
  help: PROFILE_OPTIONS_HELP,
  examples: ["plico session show Bob"],
  options: PROFILE_OPTIONS,
  positionals: [1, 1],
  run(ctx, values, [label]) {
    checkLabel(label!);
    return withProfile(ctx, values, (_deps, profile) => {
      const s = showSession(profile, label!);
      if (flag(values, "json")) ctx.io.out(json(s));
      else {
        ctx.io.out(
          `Session      ${s.label}\nState        ${s.state} (${s.role})\n` +
            `Your code    ${s.myCode ?? "(not yet: waiting for the responder file)"} ` +
            `[${s.safetyCodeStatus}]\n` +
            (s.peerCode === null ? "" : `Peer's code  ${s.peerCode}\n`) +
            `Created      ${s.createdAt}\n` +
            `Expires      ${s.expiresAt ?? "-"}\nPeer         ${s.peerIdentity ?? "-"}\n` +
            `Window       ${s.skippedKeyWindow}\n`,
        );
      }
      return 0;
    });
  },
};

export const sessionRemoveCommand: Command = {
  name: ["session", "remove"],
  summary: "delete a session and its keys (opened-envelope records are kept)",
  args: "LABEL",
  help: PROFILE_OPTIONS_HELP,
  examples: ["plico session remove Bob"],
  options: PROFILE_OPTIONS,
  positionals: [1, 1],
  run(ctx, values, [label]) {
    checkLabel(label!);
    return withProfile(ctx, values, (_deps, profile) => {
      removeSession(profile, label!);
      if (flag(values, "json")) ctx.io.out(json({ removed: label }));
      else ctx.io.out(`Session "${label}" removed.\n`);
      return 0;
    });
  },
};

export const sessionExportCommand: Command = {
  name: ["session", "export"],
  summary: "write this side's setup file of a session again",
  args: "LABEL",
  help:
    `  -o, --out FILE         write the file here (never overwrites); - or no -o: standard output,
                         when that is not a terminal or with -a
  -a, --armor            write the text form instead of binary
${PROFILE_OPTIONS_HELP}`,
  examples: ["plico session export Bob -o setup1.bin", "plico session export Bob -a"],
  options: {
    ...PROFILE_OPTIONS,
    out: { type: "string", short: "o" },
    armor: { type: "boolean", short: "a" },
  },
  positionals: [1, 1],
  run(ctx, values, [label]) {
    checkLabel(label!);
    const out = dataOutput(ctx.io, values, {
      what: "setup file",
      binary: !flag(values, "armor"),
      canArmor: true,
    });
    return withProfile(ctx, values, async (_deps, profile) => {
      const { kind, file } = exportSession(profile, label!);
      await writeOutput(
        ctx.io,
        out,
        flag(values, "armor") ? utf8(armor(kind, file)) : file,
      );
      return 0;
    });
  },
};
