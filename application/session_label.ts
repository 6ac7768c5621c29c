/**
 * Session labels: how people name their sessions (`--to bob`). Short, printable, unique within
 * a profile.
 *
 * @module
 */

import { PlicoError } from "../domain/errors.ts";
import { SESSION_LABEL_MAX_CHARS } from "../domain/limits.ts";

/** Returns the label normalised (NFC, trimmed) or throws `usage` with the reason. */
export function checkLabel(label: string): string {
  const normal = label.normalize("NFC").trim();
  const chars = [...normal];
  if (chars.length === 0) throw new PlicoError("usage", "a session label must not be empty");
  if (chars.length > SESSION_LABEL_MAX_CHARS) {
    throw new PlicoError(
      "usage",
      `a session label has at most ${SESSION_LABEL_MAX_CHARS} characters`,
    );
  }
  // Control, format (bidi overrides) and separator characters could disguise one label as another.
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(normal)) {
    throw new PlicoError(
      "usage",
      "a session label must not contain control or formatting characters",
    );
  }
  return normal;
}
