/**
 * File names for writing attachments to disk (PROTOCOL-envelope §12). The package keeps a name
 * exactly as the sender gave it; this turns it into one that cannot leave the target directory,
 * hide itself, fake its extension with bidi controls, or hit a Windows device name — while
 * keeping letters of every script.
 *
 * @module
 */

import { utf8 } from "../bytes.ts";
import { OUTPUT_NAME_MAX_BYTES } from "../limits.ts";

/** The name used when nothing usable is left. */
export const FALLBACK_NAME = "attachment";
/** Longest extension (dot included) kept when a long name is shortened, in UTF-8 bytes. */
const MAX_KEPT_EXTENSION_BYTES = 16;

/**
 * Invisible or line-breaking characters: controls (Cc), format characters (Cf: bidi
 * embeddings/overrides/isolates, LRM/RLM, ALM, zero-width space, word joiner, BOM, soft hyphen,
 * tag characters…), line and paragraph separators and lone surrogates. ZWNJ and ZWJ stay: several
 * scripts and emoji sequences need them and they cannot reorder text.
 */
const INVISIBLE = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
/** Path separators and the other characters Windows forbids in names. */
const FORBIDDEN = /[/\\:*?"<>|]/g;
/** Windows device names (the part before the first dot), case-insensitive. */
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** UTF-8 length of `text`. */
export function utf8Length(text: string): number {
  return utf8(text).length;
}

/** The longest prefix of `text` (whole code points) of at most `maxBytes` UTF-8 bytes. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    bytes += n;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** Splits `name` into base and extension (".txt"); no extension for a leading dot only. */
export function splitExtension(name: string): { base: string; ext: string } {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return { base: name, ext: "" };
  return { base: name.slice(0, dot), ext: name.slice(dot) };
}

function trimEdges(name: string): string {
  // Leading dots hide a file on Unix; trailing dots and spaces are dropped by Windows.
  return name.replace(/^[. ]+/, "").replace(/[. ]+$/, "");
}

/** Shortens to `maxBytes`, keeping a short extension when there is one. */
function fit(name: string, maxBytes: number): string {
  if (utf8Length(name) <= maxBytes) return name;
  const { base, ext } = splitExtension(name);
  const keep = ext.length > 1 && utf8Length(ext) <= MAX_KEPT_EXTENSION_BYTES ? ext : "";
  const shortBase = trimEdges(truncateUtf8(base, maxBytes - utf8Length(keep)));
  return trimEdges(shortBase + keep);
}

/**
 * §12: a safe file name for `name`. Never empty, never a path, never longer than
 * `OUTPUT_NAME_MAX_BYTES` UTF-8 bytes.
 */
export function safeOutputName(name: string): string {
  let out = name.normalize("NFC")
    .replace(INVISIBLE, "")
    .replace(FORBIDDEN, "_")
    .replace(/\s+/gu, " ")
    .replace(/\.{2,}/g, ".");
  out = fit(trimEdges(out), OUTPUT_NAME_MAX_BYTES);
  if (DEVICE.test(out.split(".")[0]!.trimEnd())) {
    out = fit("_" + out, OUTPUT_NAME_MAX_BYTES);
  }
  return out === "" ? FALLBACK_NAME : out;
}
