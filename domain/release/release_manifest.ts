/**
 * The release manifest (HARDENING §4.1): the `SHA256SUMS` file `scripts/build.ts` writes, one
 * line per released file, `<64 lower-case hex>  <name>\n`, exactly as `sha256sum` prints it in
 * text mode. Parsing is strict so that one manifest has one meaning: every rule below is a
 * "MUST reject" and nothing is normalised.
 *
 * @module
 */

import { fromHex, fromUtf8 } from "../bytes.ts";
import { malformed, PlicoError } from "../errors.ts";
import {
  RELEASE_FILE_NAME_MAX_BYTES,
  RELEASE_MANIFEST_MAX_BYTES,
  RELEASE_MANIFEST_MAX_ENTRIES,
} from "../limits.ts";

/** One released file: its name (no directory part) and the SHA-256 of its bytes. */
export interface ReleaseEntry {
  readonly name: string;
  readonly sha256: Uint8Array;
}

/** A parsed manifest, entries in file order. */
export interface ReleaseManifest {
  readonly entries: readonly ReleaseEntry[];
}

const LF = 0x0a;
const DIGEST_HEX_CHARS = 64;
const SEPARATOR = "  ";
/**
 * Names are plain file names: letters, digits, `.`, `_`, `+`, `-`, not starting with `.` or
 * `-`. That rules out path separators of every platform, `.`/`..`, hidden files, names read as
 * options, spaces, control characters and anything a terminal could interpret.
 */
const NAME_RE = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;
const LINE_RE = /^([0-9a-f]{64}) {2}(.+)$/;

/** True when `name` may appear in a manifest (see `NAME_RE`); Windows device names excluded. */
export function isReleaseFileName(name: string): boolean {
  return name.length > 0 && name.length <= RELEASE_FILE_NAME_MAX_BYTES && NAME_RE.test(name) &&
    !/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i.test(name);
}

/**
 * Parses a manifest. Rejects (`input.malformed`, `input.too_large`): more than
 * `RELEASE_MANIFEST_MAX_BYTES`, no entry, a missing final LF, CR or any byte outside printable
 * ASCII, empty lines, more than `RELEASE_MANIFEST_MAX_ENTRIES` lines, a digest that is not 64
 * lower-case hex digits, a separator other than two spaces, a name that fails
 * `isReleaseFileName`, and a name listed twice.
 */
export function parseReleaseManifest(bytes: Uint8Array): ReleaseManifest {
  if (bytes.length > RELEASE_MANIFEST_MAX_BYTES) {
    throw new PlicoError(
      "input.too_large",
      `release manifest: larger than ${RELEASE_MANIFEST_MAX_BYTES} bytes`,
    );
  }
  if (bytes.length === 0) throw malformed("release manifest", "empty");
  if (bytes[bytes.length - 1] !== LF) {
    throw malformed("release manifest", "the last line does not end with a newline");
  }
  for (const b of bytes) {
    if (b !== LF && (b < 0x20 || b > 0x7e)) {
      throw malformed("release manifest", "only printable ASCII and LF line ends are allowed");
    }
  }
  // Printable ASCII only, so this decoding is exact.
  const lines = fromUtf8(bytes.subarray(0, bytes.length - 1)).split("\n");
  if (lines.length > RELEASE_MANIFEST_MAX_ENTRIES) {
    throw malformed("release manifest", `more than ${RELEASE_MANIFEST_MAX_ENTRIES} lines`);
  }
  const seen = new Set<string>();
  const entries: ReleaseEntry[] = lines.map((line, i) => {
    const where = `line ${i + 1}`;
    if (line.length === 0) throw malformed("release manifest", `${where} is empty`);
    const m = LINE_RE.exec(line);
    if (!m) {
      throw malformed(
        "release manifest",
        `${where} is not "<${DIGEST_HEX_CHARS} lower-case hex digits>${SEPARATOR}<file name>"`,
      );
    }
    const name = m[2]!;
    if (!isReleaseFileName(name)) {
      throw malformed(
        "release manifest",
        `${where}: not a plain file name (letters, digits, '.', '_', '+', '-')`,
      );
    }
    if (seen.has(name)) throw malformed("release manifest", `${where}: ${name} is listed twice`);
    seen.add(name);
    return { name, sha256: fromHex(m[1]!) };
  });
  return { entries };
}

/** The entry named `name`, or undefined. */
export function findReleaseEntry(
  manifest: ReleaseManifest,
  name: string,
): ReleaseEntry | undefined {
  return manifest.entries.find((e) => e.name === name);
}
