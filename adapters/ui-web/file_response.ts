/**
 * Responses that carry a file for the page to offer as a download. The type is always
 * `application/octet-stream` (with `nosniff` from the security headers), so a browser never
 * renders what an envelope, a carrier or an attachment contains. The suggested name travels
 * percent-encoded UTF-8 in `X-Plico-Filename` (header values cannot hold arbitrary Unicode) and
 * in `Content-Disposition` with an ASCII fallback.
 *
 * @module
 */

/** A download response with `body` offered as `name`. */
export function fileResponse(
  body: BodyInit | Uint8Array,
  name: string,
  size?: number,
): Response {
  const encoded = encodeURIComponent(name);
  const ascii = name.replace(/[^A-Za-z0-9._() -]/g, "_");
  const headers: Record<string, string> = {
    "content-type": "application/octet-stream",
    "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`,
    "x-plico-filename": encoded,
  };
  if (size !== undefined) headers["content-length"] = String(size);
  // Plico's byte arrays are never backed by a SharedArrayBuffer.
  return new Response(body as BodyInit, { headers });
}
