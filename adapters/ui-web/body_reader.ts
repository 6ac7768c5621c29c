/**
 * Request bodies with limits that count the bytes actually streamed. A declared
 * `Content-Length` above the limit is refused before reading, but it is never trusted: a body
 * that sends more than the limit (or more than it declared) is cut off as soon as the count
 * passes, whatever the header said. Large uploads (envelopes, which are ciphertext) go to a
 * temporary file instead of memory.
 *
 * @module
 */

import { concat } from "../../domain/bytes.ts";
import { UiError } from "./http_errors.ts";

function tooLarge(limit: number): UiError {
  return new UiError("ui.too_large", `the upload is larger than ${limit} bytes`);
}

/** The declared length, or null; refuses a malformed header and one above `limit`. */
function declaredLength(request: Request, limit: number): number | null {
  const header = request.headers.get("content-length");
  if (header === null) return null;
  if (!/^[0-9]{1,16}$/.test(header)) {
    throw new UiError("ui.bad_request", "malformed Content-Length");
  }
  const declared = Number(header);
  if (declared > limit) throw tooLarge(limit);
  return declared;
}

/**
 * Calls `sink` with each chunk of the body, after checking the running total against `limit`
 * and the declared length. Returns the total. The stream is cancelled on any refusal.
 */
export async function pumpBody(
  request: Request,
  limit: number,
  sink: (chunk: Uint8Array) => Promise<void> | void,
): Promise<number> {
  const declared = declaredLength(request, limit);
  if (request.body === null) return 0;
  const reader = request.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) throw tooLarge(limit);
      if (declared !== null && total > declared) {
        throw new UiError("ui.bad_request", "the body is longer than its Content-Length");
      }
      await sink(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  } finally {
    reader.releaseLock();
  }
  if (declared !== null && total !== declared) {
    throw new UiError("ui.bad_request", "the body is shorter than its Content-Length");
  }
  return total;
}

/** The whole body, at most `limit` bytes. */
export async function readBody(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  await pumpBody(request, limit, (chunk) => {
    chunks.push(chunk);
  });
  return concat(...chunks);
}

/** A JSON object body (Content-Type `application/json`), at most `limit` bytes. */
export async function readJsonObject(
  request: Request,
  limit: number,
): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  // Refusing form and text bodies also means a plain HTML form can never reach a handler.
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) {
    throw new UiError("ui.unsupported_media", "the request body must be JSON");
  }
  const bytes = await readBody(request, limit);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new UiError("ui.bad_request", "the request body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UiError("ui.bad_request", "the request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/**
 * Streams the body into a new file at `path` (mode 0600, never replacing a file), at most
 * `limit` bytes; the file is removed again on any failure. Returns the size.
 */
export async function streamBodyToFile(
  request: Request,
  path: string,
  limit: number,
): Promise<number> {
  const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  try {
    const total = await pumpBody(request, limit, async (chunk) => {
      let at = 0;
      while (at < chunk.length) at += await file.write(chunk.subarray(at));
    });
    file.close();
    return total;
  } catch (e) {
    try {
      file.close();
    } catch { /* already closed */ }
    await Deno.remove(path).catch(() => {});
    throw e;
  }
}
