/**
 * The session cookie. Browsers do not separate cookies by port, so the name carries the port
 * (two `plico ui` servers on one machine would otherwise overwrite each other's cookie), and
 * the reader accepts any of several same-named cookies (a page on another loopback port can
 * plant a cookie of that name; it cannot shadow the real one, only add a useless value).
 *
 * Attributes: `HttpOnly` (scripts never see it), `SameSite=Strict`, `Path=/`, no `Max-Age`
 * (gone when the browser closes). No `Secure`: the UI is plain HTTP on loopback, where there is
 * no network to protect; a `Secure` cookie would not be stored at all.
 *
 * @module
 */

/** Most cookies of our name considered from one request. */
const MAX_SAME_NAME_COOKIES = 8;

/** The cookie name for a server on `port`. */
export function cookieName(port: number): string {
  return `plico-${port}`;
}

/** The `Set-Cookie` value that hands `id` to the browser. */
export function sessionCookie(port: number, id: string): string {
  return `${cookieName(port)}=${id}; Path=/; HttpOnly; SameSite=Strict`;
}

/** Every value of the cookie named for `port` in the request's Cookie header. */
export function sessionCookieValues(request: Request, port: number): string[] {
  const header = request.headers.get("cookie");
  if (header === null) return [];
  const name = cookieName(port);
  const values: string[] = [];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    values.push(part.slice(eq + 1).trim());
    if (values.length === MAX_SAME_NAME_COOKIES) break;
  }
  return values;
}
