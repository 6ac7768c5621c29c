/**
 * ASCII armor for setup files and envelopes (PROTOCOL-handshake §16): standard padded base64
 * (RFC 4648 §4) in 64-character lines between `-----BEGIN <LABEL>-----` and
 * `-----END <LABEL>-----`. Setup files are public and say what they are (`PLICO INITIATOR`,
 * `PLICO RESPONDER`); envelopes must not name the tool (DESIGN §1 metadata hiding), so their
 * label is the neutral `ENCRYPTED DATA`. The reader is strict: it accepts exactly what `armor` writes
 * (plus an optional final line break and uniform CRLF line breaks), so one payload has one
 * armored text. Base64 is implemented here, with its canonical checks, rather than borrowed.
 *
 * @module
 */

import { malformed, PlicoError } from "./errors.ts";
import { ARMOR_MAX_ENVELOPE_BYTES, ARMOR_MAX_SETUP_BYTES } from "./limits.ts";

/** What an armored text holds. */
export type ArmorKind = "INITIATOR" | "RESPONDER" | "ENVELOPE";

/** Every kind, in a fixed order. */
export const ARMOR_KINDS: readonly ArmorKind[] = ["INITIATOR", "RESPONDER", "ENVELOPE"];

/** The result of `dearmor`: the kind named by the BEGIN line and the decoded bytes. */
export interface Dearmored {
  readonly kind: ArmorKind;
  readonly bytes: Uint8Array;
}

/** The label between BEGIN/END and the dashes, per kind (§16). */
export const ARMOR_LABELS: Readonly<Record<ArmorKind, string>> = {
  INITIATOR: "PLICO INITIATOR",
  RESPONDER: "PLICO RESPONDER",
  ENVELOPE: "ENCRYPTED DATA",
};

const LINE_CHARS = 64;
const ASCII = new TextDecoder("utf-8", { fatal: true });
const PREFIX = "-----BEGIN ";
const DASHES = "-----";
/** What an armored text starts with, per kind: its whole BEGIN line. */
const BEGIN_LINES = ARMOR_KINDS.map((kind) => `${PREFIX}${ARMOR_LABELS[kind]}${DASHES}`);
/** Bytes to read from a file to tell armored text from binary with `isArmored`. */
export const ARMOR_SNIFF_BYTES = Math.max(...BEGIN_LINES.map((l) => l.length));
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** ASCII codes of the alphabet, with `=` at index 64 for padding. */
const ALPHABET_CODES = new TextEncoder().encode(ALPHABET + "=");
/** Character code → 6-bit value, or -1 outside the alphabet. */
const DECODE = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Largest decoded payload of `kind`, in bytes (§16). */
export function armorMaxBytes(kind: ArmorKind): number {
  return kind === "ENVELOPE" ? ARMOR_MAX_ENVELOPE_BYTES : ARMOR_MAX_SETUP_BYTES;
}

function beginLine(kind: ArmorKind): string {
  return `${PREFIX}${ARMOR_LABELS[kind]}${DASHES}`;
}

function endLine(kind: ArmorKind): string {
  return `-----END ${ARMOR_LABELS[kind]}${DASHES}`;
}

/** The kind whose BEGIN line is `line`, or null. */
function kindOfBegin(line: string): ArmorKind | null {
  return ARMOR_KINDS.find((kind) => beginLine(kind) === line) ?? null;
}

/**
 * Longest text that can hold `maxBytes` of `kind`: BEGIN, base64 lines and END, each with a
 * CRLF. Checked before anything is decoded (§16).
 */
export function armoredMaxChars(kind: ArmorKind, maxBytes = armorMaxBytes(kind)): number {
  const base64Chars = 4 * Math.ceil(maxBytes / 3);
  const lines = Math.ceil(base64Chars / LINE_CHARS) + 2;
  return beginLine(kind).length + endLine(kind).length + base64Chars + 2 * lines;
}

function isKind(text: string): text is ArmorKind {
  return (ARMOR_KINDS as readonly string[]).includes(text);
}

/**
 * Standard padded base64 of `bytes` (RFC 4648 §4) as ASCII codes, with an LF after every
 * `LINE_CHARS` characters and after the last line. Written into one buffer: building the text
 * from small strings is an order of magnitude slower on large envelopes.
 */
function encodeBase64Lines(bytes: Uint8Array): Uint8Array {
  const chars = 4 * Math.ceil(bytes.length / 3);
  const out = new Uint8Array(chars + Math.ceil(chars / LINE_CHARS));
  let o = 0;
  let column = 0;
  const put = (sextet: number) => {
    out[o++] = ALPHABET_CODES[sextet]!;
    if (++column === LINE_CHARS) {
      out[o++] = 0x0a;
      column = 0;
    }
  };
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const n = (bytes[i]! << 16) | ((rest > 1 ? bytes[i + 1]! : 0) << 8) |
      (rest > 2 ? bytes[i + 2]! : 0);
    put(n >> 18);
    put((n >> 12) & 63);
    put(rest > 1 ? (n >> 6) & 63 : 64);
    put(rest > 2 ? n & 63 : 64);
  }
  if (column !== 0) out[o++] = 0x0a;
  return out;
}

/**
 * Strict base64 decoding of the joined body lines. Every character is checked against the
 * alphabet, padding may only end the text, and the bits padding discards must be zero, so
 * exactly one text decodes to each byte string (§16).
 */
function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) {
    throw malformed("armor", "base64 length is not a multiple of 4 (bad padding)");
  }
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const dataChars = text.length - pad;
  const sextet = (i: number): number => {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE[code]! : -1;
    if (value < 0) {
      const where = `line ${2 + Math.floor(i / LINE_CHARS)}, column ${1 + (i % LINE_CHARS)}`;
      throw malformed(
        "armor",
        code === 0x3d ? `padding inside the data at ${where}` : `invalid character at ${where}`,
      );
    }
    return value;
  };
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = i; j < i + 4; j++) n = (n << 6) | (j < dataChars ? sextet(j) : 0);
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  // Canonical form: the bits the padding discards must be zero (RFC 4648 §3.5).
  const last = pad === 0 ? 0 : sextet(dataChars - 1);
  if ((pad === 2 && (last & 0x0f) !== 0) || (pad === 1 && (last & 0x03) !== 0)) {
    throw malformed("armor", "non-zero bits before the padding");
  }
  return out;
}

/**
 * The armored text of `bytes`: BEGIN line, base64 in 64-character lines, END line, each ended
 * by LF. Refuses an empty payload (`input.malformed`) and one larger than the kind's limit
 * (`input.too_large`), so nothing is written that `dearmor` would refuse.
 */
export function armor(kind: ArmorKind, bytes: Uint8Array): string {
  if (!isKind(kind)) throw malformed("armor", `unknown kind ${String(kind)}`);
  if (bytes.length === 0) throw malformed("armor", "empty payload");
  if (bytes.length > armorMaxBytes(kind)) {
    throw new PlicoError(
      "input.too_large",
      `armor: payload larger than ${armorMaxBytes(kind)} bytes`,
    );
  }
  // ASCII is valid UTF-8, so the strict decoder maps the codes one to one.
  const body = ASCII.decode(encodeBase64Lines(bytes));
  return `${beginLine(kind)}\n${body}${endLine(kind)}\n`;
}

/** ASCII bytes as a string; any byte ≥ 0x80 is refused (armor is pure ASCII). */
function asciiText(bytes: Uint8Array): string {
  for (const b of bytes) if (b >= 0x80) throw malformed("armor", "non-ASCII byte");
  return ASCII.decode(bytes);
}

/** Split on one uniform line break: all LF, or all CRLF (§16); anything mixed is refused. */
function splitLines(text: string): string[] {
  const firstLf = text.indexOf("\n");
  if (firstLf < 0) throw malformed("armor", "no line breaks");
  const crlf = firstLf > 0 && text[firstLf - 1] === "\r";
  const lines = text.split(crlf ? "\r\n" : "\n");
  for (const line of lines) {
    if (line.includes("\r") || line.includes("\n")) {
      throw malformed("armor", "mixed or stray line breaks");
    }
  }
  if (lines[lines.length - 1] === "") lines.pop(); // the optional final line break
  return lines;
}

/**
 * Decode an armored text strictly (§16). `input` may be a string or its bytes. The length is
 * checked against the kind's limit before decoding (`input.too_large`); every deviation from
 * what `armor` writes is `input.malformed`, as is a kind other than `expectedKind`.
 */
export function dearmor(input: string | Uint8Array, expectedKind?: ArmorKind): Dearmored {
  const limitKind: ArmorKind = expectedKind ?? "ENVELOPE"; // the largest limit until BEGIN is read
  if (input.length > armoredMaxChars(limitKind)) {
    throw new PlicoError("input.too_large", "armor: text is too large");
  }
  const text = typeof input === "string" ? input : asciiText(input);
  if (!text.startsWith(PREFIX)) {
    throw malformed("armor", `text must start with "${PREFIX}<LABEL>-----"`);
  }
  const lines = splitLines(text);
  const kind = kindOfBegin(lines[0]!);
  if (kind === null) throw malformed("armor", "unknown kind in the BEGIN line");
  if (expectedKind !== undefined && kind !== expectedKind) {
    throw malformed("armor", `expected ${expectedKind}, found ${kind}`);
  }
  if (text.length > armoredMaxChars(kind)) {
    throw new PlicoError("input.too_large", `armor: ${kind} text is too large`);
  }
  const endAt = lines.indexOf(endLine(kind));
  if (endAt < 0) throw malformed("armor", "missing END line");
  if (endAt !== lines.length - 1) throw malformed("armor", "data after the END line");
  const body = lines.slice(1, endAt);
  if (body.length === 0) throw malformed("armor", "empty payload");
  for (let i = 0; i < body.length; i++) {
    const length = body[i]!.length;
    const last = i === body.length - 1;
    if (last ? length === 0 || length > LINE_CHARS : length !== LINE_CHARS) {
      throw malformed(
        "armor",
        `line ${
          i + 2
        } has ${length} characters; base64 lines have ${LINE_CHARS}, the last 1 to ${LINE_CHARS}`,
      );
    }
  }
  return { kind, bytes: decodeBase64(body.join("")) };
}

/**
 * True when `input` starts with the BEGIN line of a kind (give it at least `ARMOR_SNIFF_BYTES`
 * bytes). Binary setup files begin with `PLICO` and envelopes are uniformly random, so this
 * prefix test is enough to tell them apart.
 */
export function isArmored(input: Uint8Array | string): boolean {
  return armoredKind(input) !== null;
}

/** The kind whose BEGIN line `input` starts with, or null (§16). */
export function armoredKind(input: Uint8Array | string): ArmorKind | null {
  const i = BEGIN_LINES.findIndex((line) => {
    if (typeof input === "string") return input.startsWith(line);
    if (input.length < line.length) return false;
    for (let i = 0; i < line.length; i++) if (input[i] !== line.charCodeAt(i)) return false;
    return true;
  });
  return i < 0 ? null : ARMOR_KINDS[i]!;
}
