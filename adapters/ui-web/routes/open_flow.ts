/**
 * Opening an uploaded envelope once (the same `openEnvelope` use case as `plico open`). The
 * upload is already a temporary file of ciphertext; an armored one is decoded into a second
 * temporary file first. Attachments go to the session's in-memory holder, never to disk; the
 * page gets the text once, in this reply, and fetches attachments by id when the user saves
 * them.
 *
 * @module
 */

import { openEnvelope } from "../../../application/open_envelope.ts";
import { ARMOR_SNIFF_BYTES, armoredMaxChars, dearmor, isArmored } from "../../../domain/armor.ts";
import { PlicoError } from "../../../domain/errors.ts";
import { UI_OPEN_MAX_BYTES } from "../../../domain/limits.ts";
import { rereadableFile } from "../../fs/file_source.ts";
import { type AppState, reply, type UiContext, withUnlocked } from "./route_kit.ts";

async function head(path: string, bytes: number): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    const buf = new Uint8Array(bytes);
    let at = 0;
    while (at < bytes) {
      const n = await file.read(buf.subarray(at));
      if (n === null) break;
      at += n;
    }
    return buf.subarray(0, at);
  } finally {
    file.close();
  }
}

/** The binary envelope file for `path`: itself, or a decoded copy of an armored text. */
async function binaryEnvelope(state: AppState, path: string): Promise<string> {
  if (!isArmored(await head(path, ARMOR_SNIFF_BYTES))) return path;
  const size = (await Deno.stat(path)).size;
  if (size > armoredMaxChars("ENVELOPE")) {
    throw new PlicoError("input.too_large", "the armored envelope is larger than allowed");
  }
  const { bytes } = dearmor(await Deno.readFile(path), "ENVELOPE");
  const decoded = await state.temps.path("dearmored");
  await Deno.writeFile(decoded, bytes, { createNew: true, mode: 0o600 });
  return decoded;
}

/** Opens the envelope in temporary file `path` (removed afterwards) and replies with it. */
export async function openUploaded(
  c: UiContext,
  state: AppState,
  path: string,
): Promise<Response> {
  let binary = path;
  try {
    binary = await binaryEnvelope(state, path);
    const input = await rereadableFile(binary);
    const opened = await withUnlocked(c, async ({ deps, profile }, session) => {
      const target = session.attachments.target(UI_OPEN_MAX_BYTES);
      try {
        const result = await openEnvelope(deps, profile, input, target);
        return { result, ids: session.attachments.ids() };
      } catch (e) {
        session.attachments.clear();
        throw e;
      }
    });
    const { result, ids } = opened;
    return reply({
      from: result.from,
      text: result.text,
      createdAt: new Date(result.createdAt).toISOString(),
      expiresAt: result.expiresAt === null ? null : new Date(result.expiresAt).toISOString(),
      openedAt: new Date(result.openedAt).toISOString(),
      // The sanitised name is what is shown and offered: the sender's raw name may hold
      // direction overrides or path tricks.
      attachments: result.attachments.map((a, i) => ({
        id: ids[i] ?? null,
        name: a.savedAs ?? a.name,
        mediaType: a.mediaType,
        size: a.size,
      })),
    });
  } finally {
    await state.temps.remove(path);
    if (binary !== path) await state.temps.remove(binary);
  }
}
