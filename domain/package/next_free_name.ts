/**
 * "Never overwrite" naming (PROTOCOL-envelope §12): the first of `name`, `name (1)`, …,
 * `name (9999)` (before the extension) that is not taken.
 *
 * @module
 */

import { PlicoError } from "../errors.ts";
import { OUTPUT_NAME_MAX_BYTES, OUTPUT_NAME_MAX_SUFFIX } from "../limits.ts";
import { splitExtension, truncateUtf8, utf8Length } from "./safe_output_name.ts";

/**
 * The first free name for `name` (already made safe by `safeOutputName`): `file.txt`, then
 * `file (1).txt`, `file (2).txt`… The base is shortened when needed so the result stays within
 * `OUTPUT_NAME_MAX_BYTES`. `taken` is asked about each candidate (an adapter on a
 * case-insensitive file system should compare accordingly). Refuses (`io`) after
 * `OUTPUT_NAME_MAX_SUFFIX` tries.
 */
export function nextFreeName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const { base, ext } = splitExtension(name);
  for (let i = 1; i <= OUTPUT_NAME_MAX_SUFFIX; i++) {
    const tail = ` (${i})${ext}`;
    const room = OUTPUT_NAME_MAX_BYTES - utf8Length(tail);
    const candidate = (room > 0 ? truncateUtf8(base, room) : "") + tail;
    if (!taken(candidate)) return candidate;
  }
  throw new PlicoError(
    "io",
    `no free file name for "${name}" after ${OUTPUT_NAME_MAX_SUFFIX} tries`,
  );
}
