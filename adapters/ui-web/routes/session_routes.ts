/**
 * Session routes, calling the same use cases as `plico session …`: list, show, new (download
 * the initiator file), answer (upload → download the responder file, safety code, continuity),
 * finish (upload), confirm (the code the peer reads, typed), export, remove. Setup files travel
 * as base64 in JSON (they are at most `SETUP_FILE_MAX_BYTES`); continuity is sent as data so
 * the page words it from its message catalog.
 *
 * @module
 */

import type { Hono } from "hono";
import { answerSession } from "../../../application/answer_session.ts";
import { confirmSession } from "../../../application/confirm_session.ts";
import { finishSession } from "../../../application/finish_session.ts";
import {
  exportSession,
  listSessions,
  removeSession,
  type SessionView,
  showSession,
} from "../../../application/session_queries.ts";
import { startSession } from "../../../application/start_session.ts";
import { armor } from "../../../domain/armor.ts";
import { utf8 } from "../../../domain/bytes.ts";
import { DEFAULT_SESSION_PARAMS } from "../../../domain/handshake/mod.ts";
import {
  SAFETY_CODE_MAX_FAILURES,
  SAFETY_CODE_MAX_INPUT_CHARS,
  SESSION_LIFETIME_MAX_SECONDS,
  SESSION_LIFETIME_MIN_SECONDS,
  SETUP_FILE_MAX_BYTES,
  SKIPPED_KEY_WINDOW_MAX,
} from "../../../domain/limits.ts";
import { formatSafetyCode } from "../../../domain/safety_code.ts";
import { neutralName } from "../download_name.ts";
import { boolField, encodeBase64, fileField, intField, stringField } from "../json_fields.ts";
import { type AppState, jsonBody, reply, type UiEnv, withUnlocked } from "./route_kit.ts";
import { checkSetupFileSandboxed } from "../../sandbox/check_setup_file.ts";

/** Longest label text read; the use cases apply the real rule (64 code points, NFC, …). */
const LABEL_FIELD_MAX_CHARS = 256;
const DAY_SECONDS = 86_400;

function labelField(body: Record<string, unknown>): string {
  return stringField(body, "label", LABEL_FIELD_MAX_CHARS);
}

/** A setup file for download: suggested name, media type and base64 bytes. */
function download(
  state: AppState,
  kind: "INITIATOR" | "RESPONDER",
  file: Uint8Array,
  armored: boolean,
) {
  return {
    name: neutralName(state.services.random, armored ? "text" : "binary"),
    type: armored ? "text/plain" : "application/octet-stream",
    base64: encodeBase64(armored ? utf8(armor(kind, file)) : file),
  };
}

/** A session as listed, with the confirmation attempts still allowed. */
function listed(s: SessionView) {
  return { ...s, attemptsLeft: Math.max(0, SAFETY_CODE_MAX_FAILURES - s.confirmFailures) };
}

/** Registers the session routes on `api`. */
export function sessionRoutes(api: Hono<UiEnv>, state: AppState): void {
  api.post("/sessions/list", async (c) => {
    const sessions = await withUnlocked(c, ({ profile }) => listSessions(profile));
    return reply({ sessions: sessions.map(listed) });
  });

  api.post("/sessions/show", async (c) => {
    const label = labelField(await jsonBody(c));
    const s = await withUnlocked(c, ({ profile }) => showSession(profile, label));
    return reply({ session: listed(s) });
  });

  api.post("/sessions/new", async (c) => {
    const body = await jsonBody(c);
    const label = labelField(body);
    const armored = boolField(body, "armor");
    const params = {
      lifetimeSeconds: DAY_SECONDS * intField(
        body,
        "lifetimeDays",
        Math.ceil(SESSION_LIFETIME_MIN_SECONDS / DAY_SECONDS),
        Math.floor(SESSION_LIFETIME_MAX_SECONDS / DAY_SECONDS),
        DEFAULT_SESSION_PARAMS.lifetimeSeconds / DAY_SECONDS,
      ),
      skippedKeyWindow: intField(
        body,
        "window",
        0,
        SKIPPED_KEY_WINDOW_MAX,
        DEFAULT_SESSION_PARAMS.skippedKeyWindow,
      ),
    };
    const started = await withUnlocked(
      c,
      ({ deps, profile }) => startSession(deps, profile, label, params),
    );
    return reply({
      label: started.label,
      file: download(state, "INITIATOR", started.file, armored),
    });
  });

  api.post("/sessions/answer", async (c) => {
    const body = await jsonBody(c);
    const label = labelField(body);
    const armored = boolField(body, "armor");
    const upload = fileField(body, "file", SETUP_FILE_MAX_BYTES);
    // Parsed first in a worker with no rights at all (HARDENING §3).
    const input = (await checkSetupFileSandboxed(upload, "initiator")).binary;
    const answered = await withUnlocked(
      c,
      ({ deps, profile }) => answerSession(deps, profile, input, label),
    );
    return reply({
      label: answered.label,
      myCode: formatSafetyCode(answered.myCode),
      continuity: answered.continuity,
      repeated: answered.repeated,
      file: download(state, "RESPONDER", answered.file, armored),
    });
  });

  api.post("/sessions/finish", async (c) => {
    const upload = fileField(await jsonBody(c), "file", SETUP_FILE_MAX_BYTES);
    const input = (await checkSetupFileSandboxed(upload, "responder")).binary;
    const finished = await withUnlocked(
      c,
      ({ deps, profile }) => finishSession(deps, profile, input),
    );
    return reply({
      label: finished.label,
      myCode: formatSafetyCode(finished.myCode),
      continuity: finished.continuity,
      repeated: finished.repeated,
    });
  });

  api.post("/sessions/confirm", async (c) => {
    const body = await jsonBody(c);
    const label = labelField(body);
    const code = stringField(body, "code", SAFETY_CODE_MAX_INPUT_CHARS);
    // A mismatch is an expected outcome (attempts left), not an error.
    return reply(
      await withUnlocked(c, ({ deps, profile }) => confirmSession(deps, profile, label, code)),
    );
  });

  api.post("/sessions/export", async (c) => {
    const body = await jsonBody(c);
    const label = labelField(body);
    const armored = boolField(body, "armor");
    const out = await withUnlocked(c, ({ profile }) => {
      const { kind, file } = exportSession(profile, label);
      return { label: showSession(profile, label).label, kind, file };
    });
    return reply({ label: out.label, file: download(state, out.kind, out.file, armored) });
  });

  api.post("/sessions/remove", async (c) => {
    const label = labelField(await jsonBody(c));
    await withUnlocked(c, ({ profile }) => removeSession(profile, label));
    return reply({ removed: true });
  });
}
