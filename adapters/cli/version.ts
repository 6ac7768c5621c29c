/**
 * The version, read from `VERSION` at build time: a static text import is embedded by
 * `deno compile`, so the binary needs no file access to know its version.
 *
 * @module
 */

import version from "../../VERSION" with { type: "text" };

/** Plico's version string, e.g. "0.1.0". */
export const PLICO_VERSION: string = version.trim();
