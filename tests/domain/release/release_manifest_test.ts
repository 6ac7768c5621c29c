import assert from "node:assert/strict";
import { toHex, utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import {
  RELEASE_FILE_NAME_MAX_BYTES,
  RELEASE_MANIFEST_MAX_BYTES,
  RELEASE_MANIFEST_MAX_ENTRIES,
} from "../../../domain/limits.ts";
import {
  findReleaseEntry,
  isReleaseFileName,
  parseReleaseManifest,
} from "../../../domain/release/mod.ts";
import { manifestFor } from "./release_fixture.ts";

const H = "ab".repeat(32);
const BUILD = "plico-0.1.0-x86_64-unknown-linux-gnu";

function rejects(text: string | Uint8Array, code = "input.malformed") {
  const bytes = typeof text === "string" ? utf8(text) : text;
  assert.throws(() => parseReleaseManifest(bytes), (e) => isPlicoError(e) && e.code === code);
}

Deno.test("parseReleaseManifest reads the lines build.ts writes, in order, with their digests", () => {
  const manifest = manifestFor({
    [BUILD]: "linux",
    [`${BUILD.replace("linux-gnu", "w")}.exe`]: "w",
  });
  const parsed = parseReleaseManifest(manifest);
  assert.deepEqual(parsed.entries.map((e) => e.name), [
    BUILD,
    "plico-0.1.0-x86_64-unknown-w.exe",
  ]);
  assert.equal(toHex(parsed.entries[0]!.sha256), new TextDecoder().decode(manifest).slice(0, 64));
  assert.equal(findReleaseEntry(parsed, BUILD), parsed.entries[0]);
  assert.equal(findReleaseEntry(parsed, "other"), undefined);
});

Deno.test("parseReleaseManifest rejects empty input, missing final newline, CR and blank lines", () => {
  rejects("");
  rejects(`${H}  ${BUILD}`);
  rejects(`${H}  ${BUILD}\r\n`);
  rejects(`${H}  ${BUILD}\n\n`);
  rejects(`\n${H}  ${BUILD}\n`);
  rejects("\n");
});

Deno.test("parseReleaseManifest rejects digests that are not 64 lower-case hex digits", () => {
  rejects(`${H.toUpperCase()}  ${BUILD}\n`);
  rejects(`${H.slice(2)}  ${BUILD}\n`);
  rejects(`${H}ab  ${BUILD}\n`);
  rejects(`${H.slice(0, 63)}g  ${BUILD}\n`);
});

Deno.test("parseReleaseManifest rejects any separator but exactly two spaces", () => {
  rejects(`${H} ${BUILD}\n`);
  rejects(`${H}   ${BUILD}\n`);
  rejects(`${H} *${BUILD}\n`); // sha256sum's binary mode
  rejects(`${H}\t${BUILD}\n`);
  rejects(`${H}  ${BUILD} \n`);
  rejects(`${H}  \n`);
});

Deno.test("parseReleaseManifest rejects names with path parts, hidden names and device names", () => {
  for (
    const name of [
      "../plico",
      "dir/plico",
      "dir\\plico",
      "/etc/passwd",
      "C:plico",
      ".",
      "..",
      ".hidden",
      "-rf",
      "a b",
      "CON",
      "nul.txt",
      "lpt1",
      "x".repeat(RELEASE_FILE_NAME_MAX_BYTES + 1),
    ]
  ) {
    rejects(`${H}  ${name}\n`);
    assert.equal(isReleaseFileName(name), false, name);
  }
  assert.equal(isReleaseFileName("x".repeat(RELEASE_FILE_NAME_MAX_BYTES)), true);
  assert.equal(isReleaseFileName("console.exe"), true);
});

Deno.test("parseReleaseManifest rejects control characters, non-ASCII bytes and NUL", () => {
  rejects(`${H}  plico\u0000\n`);
  rejects(`${H}  plico\u001b[31m\n`);
  rejects(utf8(`${H}  plicö\n`));
  rejects(new Uint8Array([...utf8(`${H}  plico`), 0xff, 0x0a]));
});

Deno.test("parseReleaseManifest rejects a name listed twice", () => {
  rejects(`${H}  ${BUILD}\n${"cd".repeat(32)}  ${BUILD}\n`);
});

Deno.test("parseReleaseManifest bounds the line count and the size", () => {
  const line = (i: number) => `${H}  f${i}\n`;
  const max = Array.from({ length: RELEASE_MANIFEST_MAX_ENTRIES }, (_, i) => line(i)).join("");
  assert.equal(parseReleaseManifest(utf8(max)).entries.length, RELEASE_MANIFEST_MAX_ENTRIES);
  rejects(max + line(RELEASE_MANIFEST_MAX_ENTRIES));
  rejects(new Uint8Array(RELEASE_MANIFEST_MAX_BYTES + 1).fill(0x61), "input.too_large");
});
