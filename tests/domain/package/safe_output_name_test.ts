import assert from "node:assert/strict";
import { utf8 } from "../../../domain/bytes.ts";
import { isPlicoError } from "../../../domain/errors.ts";
import { OUTPUT_NAME_MAX_BYTES, OUTPUT_NAME_MAX_SUFFIX } from "../../../domain/limits.ts";
import { nextFreeName } from "../../../domain/package/next_free_name.ts";
import { FALLBACK_NAME, safeOutputName } from "../../../domain/package/safe_output_name.ts";
import { seededRandom } from "../../support/seeded_random.ts";

Deno.test("safeOutputName turns hostile names into harmless ones", () => {
  const cases: [string, string][] = [
    ["../../x", "_._x"],
    ["/etc/passwd", "_etc_passwd"],
    ["C:\\x", "C__x"],
    ["..\\..\\windows\\system32", "_._windows_system32"],
    ["CON.txt", "_CON.txt"],
    ["nul", "_nul"],
    ["Com1.tar.gz", "_Com1.tar.gz"],
    ["lpt9", "_lpt9"],
    ["COM¹", "_COM¹"],
    ["conout$", "_conout$"],
    ["AUX .txt", "_AUX .txt"],
    ["console.txt", "console.txt"],
    ["invoice\u202Etxt.exe", "invoicetxt.exe"],
    ["photo\u2066gnp.exe\u2069", "photognp.exe"],
    ["a\u200Eb\u200Fc\u061Cd", "abcd"],
    ["bell\u0007tab\tnew\nline\r\u007f\u0085", "belltabnewline"],
    ["zero\u200Bwidth\uFEFF", "zerowidth"],
    ["", FALLBACK_NAME],
    ["..", FALLBACK_NAME],
    [".", FALLBACK_NAME],
    ["   ", FALLBACK_NAME],
    ["\u202E", FALLBACK_NAME],
    [".bashrc", "bashrc"],
    ["...hidden", "hidden"],
    ["trailing. . ", "trailing"],
    ["spaced     out.pdf", "spaced out.pdf"],
    ['what?<is>|this*".txt', "what__is__this__.txt"],
    ["report..final...pdf", "report.final.pdf"],
    ["Ünïcødé ファイル 文件 файл.txt", "Ünïcødé ファイル 文件 файл.txt"],
    ["نامه\u200Cها.pdf", "نامه\u200Cها.pdf"],
    ["👩\u200D💻 notes.md", "👩\u200D💻 notes.md"],
    ["e\u0301te\u0301.txt", "\u00e9t\u00e9.txt"],
    ["lone\uD800surrogate", "lonesurrogate"],
  ];
  for (const [input, expected] of cases) {
    assert.equal(safeOutputName(input), expected, JSON.stringify(input));
  }
});

Deno.test("safeOutputName output never contains a separator, '..', a control or a bidi character", () => {
  const alphabet = [
    "a",
    "é",
    "文",
    ".",
    "/",
    "\\",
    " ",
    "\u202E",
    "\u2067",
    "\u0000",
    ":",
    "C",
    "O",
    "N",
  ];
  const r = seededRandom("names");
  for (let i = 0; i < 3000; i++) {
    const bytes = r.randomBytes(1 + (i % 40));
    const name = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
    const safe = safeOutputName(name);
    assert.ok(safe.length > 0);
    assert.ok(!/[/\\:*?"<>|]/.test(safe), safe);
    assert.ok(!safe.includes(".."), safe);
    assert.ok(!/[\p{Cc}\u202A-\u202E\u2066-\u2069\u200E\u200F]/u.test(safe), safe);
    assert.ok(!/^[. ]|[. ]$/.test(safe), safe);
    assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(safe.split(".")[0]!.trimEnd()), safe);
    assert.equal(safeOutputName(safe), safe, "idempotent");
  }
});

Deno.test("long names are cut at a code point within the byte limit, keeping the extension", () => {
  const long = "文".repeat(300) + ".pdf";
  const safe = safeOutputName(long);
  assert.ok(utf8(safe).length <= OUTPUT_NAME_MAX_BYTES);
  assert.ok(safe.endsWith(".pdf"));
  assert.ok(safe.startsWith("文文"));
  assert.ok(!safe.includes("\uFFFD"));
  const noExtension = safeOutputName("x".repeat(1000));
  assert.equal(noExtension, "x".repeat(OUTPUT_NAME_MAX_BYTES));
});

Deno.test("nextFreeName never overwrites: file.txt, file (1).txt, file (2).txt", () => {
  const taken = new Set(["file.txt", "file (1).txt"]);
  assert.equal(nextFreeName("free.txt", (n) => taken.has(n)), "free.txt");
  assert.equal(nextFreeName("file.txt", (n) => taken.has(n)), "file (2).txt");
  assert.equal(nextFreeName("README", (n) => n === "README"), "README (1)");
  assert.equal(nextFreeName("archive.tar.gz", (n) => n === "archive.tar.gz"), "archive.tar (1).gz");
});

Deno.test("nextFreeName stays within the length bound and gives up after the last suffix", () => {
  const long = safeOutputName("n".repeat(400) + ".txt");
  const next = nextFreeName(long, (n) => n === long);
  assert.ok(utf8(next).length <= OUTPUT_NAME_MAX_BYTES);
  assert.ok(next.endsWith(" (1).txt"));
  let asked = 0;
  assert.throws(
    () => nextFreeName("busy.txt", () => (asked++, true)),
    (e) => isPlicoError(e, "io"),
  );
  assert.equal(asked, OUTPUT_NAME_MAX_SUFFIX + 1);
});
