/**
 * File names the UI suggests for downloads. Labels are free text chosen by people (and peers
 * may suggest hostile ones), so a name keeps only ASCII letters, digits, `-` and `_` from the
 * label: no path separators, quotes, control characters or markup can reach a header or the
 * download dialog.
 *
 * @module
 */

/** Longest label part of a suggested name, in characters. */
const LABEL_PART_MAX_CHARS = 40;

/** The label reduced to `[A-Za-z0-9_-]`, or `fallback` when nothing is left. */
export function safeNamePart(label: string, fallback = "session"): string {
  const part = label.normalize("NFKD").replace(/[^A-Za-z0-9_-]+/g, "_")
    .slice(0, LABEL_PART_MAX_CHARS).replace(/^_+|_+$/g, "");
  return part === "" ? fallback : part;
}

/** Name for a setup file: `plico-<label>-initiator.plico` (binary) or `….txt` (armored). */
export function setupFileName(
  label: string,
  kind: "INITIATOR" | "RESPONDER",
  armored: boolean,
): string {
  const role = kind === "INITIATOR" ? "initiator" : "responder";
  return `plico-${safeNamePart(label)}-${role}.${armored ? "txt" : "plico"}`;
}

/** A `Content-Disposition: attachment` value for `name` (already reduced by `safeNamePart`). */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._() -]/g, "_");
  return `attachment; filename="${ascii}"`;
}
