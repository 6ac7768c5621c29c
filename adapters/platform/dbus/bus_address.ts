/**
 * Finding the session bus (D-Bus specification, "Server Addresses"). Only unix-domain sockets
 * can be used: `unix:path=` (a socket file) and `unix:abstract=` (Linux abstract namespace,
 * which Deno reaches only under an unscoped `--allow-net`, see docs/PLATFORM.md). Without
 * `DBUS_SESSION_BUS_ADDRESS`, the conventional `$XDG_RUNTIME_DIR/bus` is used, as sd-bus and
 * GDBus do.
 *
 * @module
 */

import { PlicoError } from "../../../domain/errors.ts";

/** Where to connect: a socket file or an abstract socket name. */
export type BusEndpoint =
  | { readonly kind: "path"; readonly path: string }
  | { readonly kind: "abstract"; readonly name: string };

/** Longest address string accepted (real ones are < 200 characters). */
const MAX_ADDRESS_CHARS = 4096;

function noBus(why: string): PlicoError {
  return new PlicoError("platform.no_bus", why);
}

/** The path Deno's `connect` expects: abstract names start with a NUL byte. */
export function socketPathOf(endpoint: BusEndpoint): string {
  return endpoint.kind === "path" ? endpoint.path : `\0${endpoint.name}`;
}

/** A readable description (abstract names shown with the conventional `@`). */
export function describeEndpoint(endpoint: BusEndpoint): string {
  return endpoint.kind === "path" ? endpoint.path : `@${endpoint.name}`;
}

/**
 * Parses a bus address list (`transport:key=value,...;...`) and returns the first entry that
 * Plico can connect to. Throws `platform.no_bus` when there is none.
 */
export function parseBusAddress(address: string): BusEndpoint {
  if (address.length === 0) throw noBus("the session bus address is empty");
  if (address.length > MAX_ADDRESS_CHARS) throw noBus("the session bus address is too long");
  const transports: string[] = [];
  for (const entry of address.split(";")) {
    if (entry === "") continue;
    const colon = entry.indexOf(":");
    if (colon <= 0) throw noBus("the session bus address is malformed (no transport)");
    const transport = entry.slice(0, colon);
    transports.push(transport);
    if (transport !== "unix") continue;
    const keys = new Map<string, string>();
    for (const pair of entry.slice(colon + 1).split(",")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      if (eq <= 0) throw noBus("the session bus address is malformed (key without value)");
      keys.set(pair.slice(0, eq), unescapeValue(pair.slice(eq + 1)));
    }
    const path = keys.get("path");
    if (path !== undefined) {
      if (!path.startsWith("/")) throw noBus("the session bus socket path is not absolute");
      return { kind: "path", path };
    }
    const abstract = keys.get("abstract");
    if (abstract !== undefined && abstract !== "") return { kind: "abstract", name: abstract };
    // unix:dir=, tmpdir= and runtime= are for servers only; try the next entry.
  }
  throw noBus(
    `the session bus address names no unix socket Plico can use (transports: ${
      transports.join(", ") || "none"
    })`,
  );
}

/** D-Bus spec: values are bytes with `%xx` escapes; the result must be valid UTF-8 here. */
function unescapeValue(value: string): string {
  if (!/^(?:[-0-9A-Za-z_/.\\*]|%[0-9A-Fa-f]{2})*$/.test(value)) {
    throw noBus("the session bus address contains a badly escaped value");
  }
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "%") {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(value.charCodeAt(i));
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
    if (text.includes("\0")) throw new TypeError("NUL");
    return text;
  } catch {
    throw noBus("the session bus address is not valid UTF-8");
  }
}

/**
 * The session bus endpoint from the environment: `DBUS_SESSION_BUS_ADDRESS`, else
 * `$XDG_RUNTIME_DIR/bus`. `getEnv` returns `undefined` for unset (or unreadable) variables.
 */
export function sessionBusEndpoint(getEnv: (name: string) => string | undefined): BusEndpoint {
  const address = getEnv("DBUS_SESSION_BUS_ADDRESS");
  if (address !== undefined && address !== "") return parseBusAddress(address);
  const runtimeDir = getEnv("XDG_RUNTIME_DIR");
  if (runtimeDir !== undefined && runtimeDir.startsWith("/") && !runtimeDir.includes("\0")) {
    return { kind: "path", path: `${runtimeDir.replace(/\/+$/, "")}/bus` };
  }
  throw noBus(
    "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and XDG_RUNTIME_DIR is not " +
      "set or not readable (is this a desktop session?)",
  );
}
