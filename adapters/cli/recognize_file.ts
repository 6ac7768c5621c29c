/**
 * What a file looks like from its first bytes and its size, without any key: used by `plico
 * inspect` and to tell someone who gave a file to the wrong command which command takes it.
 *
 * It claims no more than the bytes show. Setup files and armor have visible headers; an
 * envelope is random bytes by design (DESIGN §1, metadata hiding), so "probably an envelope"
 * only means "not something else we know, and long enough".
 *
 * @module
 */

import { INITIATOR, KIND, MAGIC, RESPONDER } from "../../domain/handshake/mod.ts";
import { ENVELOPE_MIN_BYTES } from "../../domain/envelope/mod.ts";
import { armoredKind } from "../../domain/armor.ts";

/** Bytes of the start of a file that `recognizeFile` looks at. */
export const RECOGNIZE_HEAD_BYTES = 64;

/** What a file seems to be. */
export type FileKind =
  | "initiator"
  | "responder"
  | "armored-initiator"
  | "armored-responder"
  | "armored-envelope"
  | "png"
  | "other-format"
  | "text"
  | "too-short"
  | "maybe-envelope";

/** A file kind with a sentence for people and, when it is a Plico file, the command that takes it. */
export interface Recognized {
  readonly kind: FileKind;
  readonly description: string;
  readonly command: string | null;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Common formats that are certainly not an envelope (their first bytes are fixed). */
const OTHER_FORMATS: ReadonlyArray<readonly [string, readonly number[]]> = [
  ["a PDF document", [0x25, 0x50, 0x44, 0x46]],
  ["a ZIP archive (or an office document)", [0x50, 0x4b, 0x03, 0x04]],
  ["a JPEG image", [0xff, 0xd8, 0xff]],
  ["a GIF image", [0x47, 0x49, 0x46, 0x38]],
  ["a gzip archive", [0x1f, 0x8b]],
  ["an age-encrypted file", [...new TextEncoder().encode("age-encryption.org/")]],
];

function startsWith(head: Uint8Array, prefix: readonly number[]): boolean {
  return head.length >= prefix.length && prefix.every((b, i) => head[i] === b);
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, head.length - 4));
  } catch {
    return false;
  }
  return head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x20);
}

/** Recognizes a file from its first `RECOGNIZE_HEAD_BYTES` bytes (`head`) and its `size`. */
export function recognizeFile(head: Uint8Array, size: number): Recognized {
  if (startsWith(head, PNG_SIGNATURE)) {
    return {
      kind: "png",
      description: "a PNG image; it may carry a hidden envelope (nothing in it says so)",
      command: "plico carrier extract FILE -o ENVELOPE",
    };
  }
  if (startsWith(head, [...MAGIC]) && head.length > 5) {
    if (head[5] === KIND.initiator) {
      return {
        kind: "initiator",
        description: size === INITIATOR.length
          ? "a Plico initiator file (the first file of a session setup)"
          : `damaged: it starts like a Plico initiator file but has ${size} bytes, not ${INITIATOR.length}`,
        command: "plico session answer FILE --label NAME -o REPLY",
      };
    }
    if (head[5] === KIND.responder) {
      return {
        kind: "responder",
        description: size === RESPONDER.length
          ? "a Plico responder file (the answer to an initiator file)"
          : `damaged: it starts like a Plico responder file but has ${size} bytes, not ${RESPONDER.length}`,
        command: "plico session finish FILE",
      };
    }
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head).replace(/^\s+/, "");
  {
    const kind = armoredKind(text);
    if (kind === "INITIATOR") {
      return {
        kind: "armored-initiator",
        description: "a Plico initiator file in text form",
        command: "plico session answer FILE --label NAME -o REPLY",
      };
    }
    if (kind === "RESPONDER") {
      return {
        kind: "armored-responder",
        description: "a Plico responder file in text form",
        command: "plico session finish FILE",
      };
    }
    if (kind === "ENVELOPE") {
      return {
        kind: "armored-envelope",
        description: "a Plico envelope in text form",
        command: "plico open FILE",
      };
    }
  }
  for (const [name, prefix] of OTHER_FORMATS) {
    if (startsWith(head, prefix)) {
      return { kind: "other-format", description: `${name}, not a Plico file`, command: null };
    }
  }
  if (size < ENVELOPE_MIN_BYTES) {
    return {
      kind: "too-short",
      description: `too short to be a Plico envelope (an envelope has at least ` +
        `${ENVELOPE_MIN_BYTES} bytes)`,
      command: null,
    };
  }
  if (looksLikeText(head)) {
    return { kind: "text", description: "plain text, not a Plico file", command: null };
  }
  return {
    kind: "maybe-envelope",
    description: "probably a Plico envelope: random-looking bytes, as envelopes are; only the " +
      "receiving profile can tell for sure",
    command: "plico open FILE",
  };
}
