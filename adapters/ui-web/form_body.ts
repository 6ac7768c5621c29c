/**
 * `multipart/form-data` request bodies (compose with attachments, carrier uploads). The body is
 * first read with a limit that counts streamed bytes (`readBody`), then parsed by the runtime's
 * own multipart parser; fields are read with bounds like the JSON ones.
 *
 * @module
 */

import { readBody } from "./body_reader.ts";
import { UiError } from "./http_errors.ts";

/** The form of a multipart body of at most `limit` bytes. */
export async function readForm(request: Request, limit: number): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data;\s*boundary=/i.test(type)) {
    throw new UiError("ui.unsupported_media", "the request body must be a multipart form");
  }
  const bytes = await readBody(request, limit);
  try {
    return await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new UiError("ui.bad_request", "the form is malformed");
  }
}

/** A text field of at most `maxChars` characters; absent gives `fallback` when one is given. */
export function formText(
  form: FormData,
  name: string,
  maxChars: number,
  fallback?: string,
): string {
  const v = form.get(name);
  if (v === null && fallback !== undefined) return fallback;
  if (typeof v !== "string") throw new UiError("ui.bad_request", `field "${name}" must be text`);
  if (v.length > maxChars) {
    throw new UiError("ui.bad_request", `field "${name}" must be at most ${maxChars} characters`);
  }
  return v;
}

/** Every file of field `name`. */
export function formFiles(form: FormData, name: string): File[] {
  const files: File[] = [];
  for (const v of form.getAll(name)) {
    if (!(v instanceof File)) throw new UiError("ui.bad_request", `field "${name}" must be a file`);
    files.push(v);
  }
  return files;
}

/** The one file of field `name`, or null when absent; more than one is refused. */
export function formFile(form: FormData, name: string): File | null {
  const files = formFiles(form, name);
  if (files.length > 1) throw new UiError("ui.bad_request", `field "${name}" takes one file`);
  return files[0] ?? null;
}
